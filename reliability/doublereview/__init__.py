"""Double review: two editors label blind, a chief adjudicates, agreement is measured."""
