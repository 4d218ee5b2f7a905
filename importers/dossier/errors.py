class DossierError(Exception):
    """A dossier that cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
