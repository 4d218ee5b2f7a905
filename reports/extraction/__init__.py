"""Reading a report: text.py (HTML to text, sentences, tokens), lexicon.py (the genre's words),
gazetteer.py (what the register knows), dates.py, extract.py (the proposal)."""
