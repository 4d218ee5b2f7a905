"""Each kind of bad dossier is refused with a message naming the file, the entry and the problem,
and leaves every table as it was, on a fresh database and on a seeded one."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

VALID = """\
source:
  slug: test-report
  title: Test report
  published_on: 2021-04-30
  text_file: report.txt
places:
  - slug: testland
    name: Testland
    kind: country
    quotes:
      - quote: a working visit to Russia
people:
  - slug: test-person
    name: Test Person
    quotes:
      - quote: Nikol Pashinyan
visits:
  - slug: test-visit
    title: Test visit
    principal: test-person
    kind: working
    host_country: testland
    start: 2021-04-30
    quotes:
      - quote: as part of a working visit
"""

# (what is wrong, text to replace in VALID, its replacement, the message expected)
CASES = [
    (
        "malformed YAML",
        "    name: Testland\n",
        "    name: Testland: the first\n",
        "bad.yaml: malformed YAML at line 8, column 19: mapping values are not allowed here",
    ),
    (
        "missing field",
        "    name: Test Person\n",
        "",
        "bad.yaml: people[0] (test-person): name: missing required field",
    ),
    (
        "unknown field",
        "    title: Test visit\n",
        "    title: Test visit\n    titel: Test visit\n",
        "bad.yaml: visits[0] (test-visit): titel: unknown field; expected one of: slug, title,",
    ),
    (
        "unknown reference",
        "principal: test-person",
        "principal: test-persn",
        "bad.yaml: visits[0] (test-visit): principal: unknown person 'test-persn' "
        "(not in this dossier or the database)",
    ),
    (
        "impossible date",
        "start: 2021-04-30",
        "start: 2021-02-30",
        "bad.yaml: visits[0] (test-visit): start: '2021-02-30' is not a real date",
    ),
    (
        "date in the wrong form",
        "published_on: 2021-04-30",
        "published_on: 30/04/2021",
        "bad.yaml: source: published_on: '30/04/2021' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        "quote not in the report",
        "quote: Nikol Pashinyan",
        "quote: Nikol Pashinian",
        "bad.yaml: people[0] (test-person).quotes[0] (Nikol Pashinian): quote: "
        "not found in the source text: 'Nikol Pashinian'",
    ),
    (
        "bad choice",
        "kind: working",
        "kind: royal",
        "bad.yaml: visits[0] (test-visit): kind: 'royal' is not a valid choice; choose one of: state,",
    ),
    (
        "repeated key",
        "people:\n",
        "  - slug: testland\n    name: Testland again\n    kind: country\n"
        "    quotes:\n      - quote: Russia\npeople:\n",
        "bad.yaml: places[1] (testland): repeats the slug of places[0] (testland)",
    ),
    (
        # Caught by the model's full_clean() while writing: what was written before is undone.
        "model validation error",
        "    start: 2021-04-30\n",
        "    start: 2021-04-30\n    end: 2021-04-01\n",
        "bad.yaml: visits[0] (test-visit): end_date: The visit cannot end before it starts.",
    ),
    (
        "model validation error in an early record",
        "    kind: country\n",
        "    kind: country\n    wikidata_id: W12\n",
        "bad.yaml: places[0] (testland): wikidata_id: A Wikidata id is a Q followed by digits",
    ),
]


@pytest.fixture(params=["fresh", "seeded"])
def database(request):
    if request.param == "seeded":
        request.getfixturevalue("seeded")
    return request.param


@pytest.fixture
def write_dossier(tmp_path, settings):
    shutil.copy(settings.BASE_DIR / "data" / "reports" / "innopolis-2021-04-30.txt", tmp_path / "report.txt")

    def write(text, name="bad.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_the_valid_base_dossier_imports(database, write_dossier):
    out = io.StringIO()
    call_command("import_dossier", write_dossier(VALID, "good.yaml"), stdout=out)
    assert "  visits.Visit: 1 created, 0 updated, 0 unchanged" in out.getvalue()


@pytest.mark.parametrize(("problem", "old", "new", "message"), CASES, ids=[case[0] for case in CASES])
def test_bad_dossier_is_refused_with_a_clear_message_and_writes_nothing(
    database, write_dossier, row_counts, problem, old, new, message
):
    assert VALID.count(old) == 1
    path = write_dossier(VALID.replace(old, new))
    before = row_counts()

    with pytest.raises(CommandError) as raised:
        call_command("import_dossier", path)

    assert message in str(raised.value)
    assert row_counts() == before


def test_every_problem_is_reported_at_once(db, write_dossier):
    text = VALID.replace("kind: working", "kind: royal").replace("quote: Nikol Pashinyan", "quote: Nikol P.")
    with pytest.raises(CommandError) as raised:
        call_command("import_dossier", write_dossier(text))
    lines = str(raised.value).splitlines()
    assert lines[0] == "nothing was imported; fix these problems:"
    assert len(lines) == 3
    assert "kind: 'royal' is not a valid choice" in lines[1]
    assert "quote: not found in the source text: 'Nikol P.'" in lines[2]


def test_a_parent_listed_after_its_child_is_refused(db, write_dossier):
    text = VALID.replace(
        "places:\n",
        "places:\n  - slug: test-city\n    name: Test City\n    kind: city\n    parent: testland\n"
        "    quotes:\n      - quote: Innopolis in Kazan\n",
    )
    with pytest.raises(
        CommandError, match=r"places\[0\] \(test-city\): parent: place 'testland' must be listed"
    ):
        call_command("import_dossier", write_dossier(text))


def test_a_key_given_twice_is_refused(db, write_dossier):
    text = VALID.replace("    title: Test visit\n", "    title: Test visit\n    title: Other\n")
    with pytest.raises(
        CommandError, match=r"bad\.yaml: malformed YAML at line 20, column 5: the key 'title'"
    ):
        call_command("import_dossier", write_dossier(text))


def test_a_missing_report_file_is_named(db, write_dossier):
    text = VALID.replace("text_file: report.txt", "text_file: missing.txt")
    with pytest.raises(CommandError, match=r"bad\.yaml: source: text_file: cannot read missing\.txt"):
        call_command("import_dossier", write_dossier(text))


def test_seed_refuses_a_bad_bundled_dossier_and_writes_nothing(db, settings, tmp_path, row_counts):
    reports = tmp_path / "data" / "reports"
    reports.mkdir(parents=True)
    for name in ("innopolis-2021-04-30.txt", "innopolis-2021-04-30.yaml"):
        shutil.copy(settings.BASE_DIR / "data" / "reports" / name, reports)
    shutil.copy(reports / "innopolis-2021-04-30.txt", reports / "report.txt")
    # Sorted after the good dossier, so the good one is imported first and must be undone.
    (reports / "zz-bad.yaml").write_text(VALID.replace("kind: working", "kind: royal"), encoding="utf-8")
    settings.BASE_DIR = tmp_path
    before = row_counts()

    with pytest.raises(CommandError, match=r"zz-bad\.yaml: visits\[0\] \(test-visit\): kind: 'royal'"):
        call_command("seed", stdout=io.StringIO())

    assert row_counts() == before


def test_a_database_constraint_violation_is_reported_and_writes_nothing(seeded, write_dossier, row_counts):
    # Russia already holds the ISO code RU; the place_unique_iso_code constraint refuses a second.
    text = VALID.replace("    kind: country\n", "    kind: country\n    iso_code: RU\n")
    before = row_counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_dossier", write_dossier(text))
    assert "bad.yaml: places[0] (testland): A country with this ISO 3166 code already exists." in str(
        raised.value
    )
    assert row_counts() == before
