class HistorianError(Exception):
    """A file (or a record in it) that cannot be imported; each message names the file, the
    record's id and the field."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))
