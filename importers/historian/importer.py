"""`import_historian(paths=...)`: import Office of the Historian files, each in its own transaction."""

import datetime
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from importers.historian.errors import HistorianError
from importers.historian.mapping import data_dir, default_mapping
from importers.historian.reading import detect_kind, read_file
from importers.historian.writer import Writer
from sources.models import Source
from visits import appearances
from visits.aggregates import forget

# Files are imported in this order whatever order they are given in: a President's own file
# names him before his trips do, posts before the visits that attest others.
ORDER = {"presidents": 0, "travels": 1, "pocom": 2, "visits": 3}


@dataclass
class RunResult:
    files: list = field(default_factory=list)  # FileResult, in import order
    skipped: list = field(default_factory=list)  # (path, why)
    errors: list = field(default_factory=list)  # messages of files not imported
    seconds: float = 0.0

    def totals(self):
        totals = {}
        for result in self.files:
            for label, counter in result.counts.items():
                totals.setdefault(label, {"created": 0, "updated": 0, "unchanged": 0, "kept": 0})
                for outcome in totals[label]:
                    totals[label][outcome] += counter[outcome]
        return totals

    def changed(self):
        return any(t["created"] or t["updated"] for t in self.totals().values())


def collect(paths):
    """The XML files under `paths` (files or directories), with their kind; files of no known
    schema found in a directory are skipped, named explicitly they are an error."""
    found, skipped, errors = [], [], []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            for path in sorted(given.rglob("*.xml")):
                kind = detect_kind(path)
                (found.append((kind, path)) if kind else skipped.append((path, "not a Historian schema")))
        elif given.is_file():
            kind = detect_kind(given)
            if kind:
                found.append((kind, given))
            else:
                errors.append(f"{given.name}: its root element is none of the Historian's schemas")
        else:
            errors.append(f"{given}: no such file or directory")
    unique = {path.resolve(): (kind, path) for kind, path in found}
    ordered = sorted(unique.values(), key=lambda item: (ORDER[item[0]], str(item[1])))
    return ordered, skipped, errors


def provenance(hfile, mapping):
    """The source record's slug, title, URL (at the bundled commit, else the branch) and date."""
    config = mapping.config
    raw = hfile.text.encode("utf-8")
    bundled = mapping.bundled(raw)
    name = hfile.path.name
    repository = {"travels": "travels", "presidents": "travels", "visits": "visits", "pocom": "pocom"}[
        hfile.kind
    ]
    role = hfile.elements[0].attrs.get("role", "secretary") if hfile.elements else "secretary"
    repo_path = config["paths"][hfile.kind].format(name=name, role=role)
    repo = config["repositories"][repository]
    if bundled is not None:
        url = f"{repo['url']}/blob/{bundled.commit}/{repo_path}"
        published_on = datetime.date.fromisoformat(bundled.date)
    else:
        url = f"{repo['url']}/blob/{repo['branch']}/{repo_path}"
        published_on = None
    stem = repo_path.removesuffix(".xml")
    if hfile.kind == "travels":
        person = hfile.elements[0].text("name") if hfile.elements else stem
        title = f"Travels abroad of the {role.capitalize()}: {person}"
    elif hfile.kind == "visits":
        title = f"Visits by foreign leaders and heads of state: {Path(name).stem}s"
    elif hfile.kind == "presidents":
        title = "Presidents of the United States"
    else:
        plural = " ".join((hfile.root.findtext("names/plural") or stem).split())
        title = f"Principal officers: {plural}"
    return {
        "slug": slugify(f"historian {repository} {stem.replace('/', ' ')}")[:200],
        "title": f"Office of the Historian: {title}"[:500],
        "url": url,
        "published_on": published_on,
    }


def relative_name(path):
    try:
        return str(path.resolve().relative_to(data_dir().resolve()))
    except ValueError:
        return path.name


def import_historian(
    *, paths, overwrite=False, dry_run=False, progress=None, mapping=None, skip_unchanged=False
):
    """Import every Historian file under `paths`. Each file is checked and written in its own
    transaction: a file with an error writes nothing and is reported; the others are imported.
    With `skip_unchanged`, a file whose exact text is already a source is not read again (`make
    run` on every start: a second full run changes nothing but still reads every record; a
    changed mapping needs a run without it). Returns a RunResult."""
    started = time.monotonic()
    mapping = mapping or default_mapping()
    files, skipped, errors = collect(paths)
    result = RunResult(skipped=skipped, errors=list(errors))
    writer = Writer(mapping, overwrite=overwrite)
    show = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(total=len(files), unit="file", disable=not show, file=sys.stderr, leave=False)
    imported_hashes = set()
    if skip_unchanged:
        imported_hashes = set(
            Source.objects.filter(slug__startswith="historian-").values_list("content_hash", flat=True)
        )
    for _kind, path in files:
        relname = relative_name(path)
        bar.set_description(relname[-40:])
        if imported_hashes and Source.hash_text(_text(path)) in imported_hashes:
            result.skipped.append((path, "already imported, unchanged"))
            bar.update(1)
            continue
        try:
            hfile = read_file(path)
            # The file's visits get their appearances rows once, at the end of its transaction.
            with transaction.atomic(), appearances.batched():
                file_result = writer.write(hfile, relname=relname, provenance=provenance(hfile, mapping))
                if dry_run:
                    transaction.set_rollback(True)
        except HistorianError as exc:
            result.errors.extend(exc.messages)
            # What the failed file's transaction wrote is gone: forget what the writer learned from it.
            writer = Writer(mapping, overwrite=overwrite)
        else:
            result.files.append(file_result)
            if dry_run:
                writer = Writer(mapping, overwrite=overwrite)
        bar.update(1)
        totals = result.totals()
        bar.set_postfix(
            created=sum(t["created"] for t in totals.values()),
            unchanged=sum(t["unchanged"] for t in totals.values()),
        )
    bar.close()
    if result.files and not dry_run:
        _forget_cached_aggregates()
    result.seconds = time.monotonic() - started
    return result


def _text(path):
    try:
        return Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _forget_cached_aggregates():
    """Bulk rows send no post_save: drop the cached aggregates (visits.aggregates) as a save would."""
    forget()
