"""Citations beside the facts of a page, numbered, with the list of their passages below."""


def cite(records, *, citations):
    """Number `citations` 1, 2, ... (the model's order: by source, then position) and give each of
    `records` its own as `page_citations`, for partials/cite_links.html beside each fact and
    partials/cited_passages.html below. Returns the numbered citations.

    `citations` is a queryset with its sources (visits.selectors.citations_for): their full text
    is left unread, as these partials show the quote and the source's title. (A text of the
    Office of the Historian is up to 390 KB, read again for each of its citations: 127 posts'
    citations took 400 ms to read on an organisation's page, 40 ms without the texts.)"""
    citations = list(citations.defer("source__text"))
    by_record = {}
    for number, citation in enumerate(citations, start=1):
        citation.number = number
        key = (citation.content_type.app_label, citation.content_type.model, citation.object_id)
        by_record.setdefault(key, []).append(citation)
    for record in records:
        record.page_citations = by_record.get(
            (record._meta.app_label, record._meta.model_name, record.pk), []
        )
    return citations
