"""Publisher replies: anyone disputes an outlet's score or a claim's label; editors decide in public."""
