"""From report to record (issue 16): draft a visit from a press report, review it beside the text,
create a draft visit through the dossier writer. See docs/reports.md."""
