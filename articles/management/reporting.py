"""Progress bar, problem lines and summary shared by the commands that ingest articles."""

from collections import Counter

from tqdm import tqdm


def report_outcomes(outcomes, total_bytes, stdout, stderr, progress=True):
    """Consume ingestion outcomes, drawing progress on stderr and problems and a summary on stdout."""
    counts = Counter({"created": 0, "duplicate": 0, "failed": 0})
    bar = tqdm(total=total_bytes, unit="B", unit_scale=True, file=stderr, disable=not progress, leave=False)
    with bar:
        for outcome in outcomes:
            counts[outcome.status] += 1
            bar.update(outcome.size)
            bar.set_postfix(new=counts["created"], duplicate=counts["duplicate"], failed=counts["failed"])
            if outcome.status == "created":  # stored, perhaps with something removed to store it
                lines = [f"note: {outcome.source_name}: {note}" for note in outcome.notes]
            else:
                lines = [f"{outcome.status}: {outcome.source_name}: {outcome.reason}"]
            for line in lines:
                with tqdm.external_write_mode(file=stderr):
                    stdout.write(line)
    new = counts["created"]
    summary = (
        f"Ingested {new} new article{'' if new == 1 else 's'}; "
        f"{counts['duplicate']} already stored (no change); {counts['failed']} failed"
    )
    if counts["skipped"]:
        summary += f"; {counts['skipped']} skipped (not an article file type)"
    stdout.write(summary + ".")
    return counts
