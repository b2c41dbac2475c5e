import json

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class EstimatedCountPaginator(Paginator):
    """Django's paginator with a count that costs the same at any table size.

    Counting every row of a large table, on every page, costs more as it grows.
    This one asks PostgreSQL's planner how many rows the query returns (EXPLAIN:
    no row is read). Above PAGINATION_EXACT_COUNT_LIMIT that estimate is the
    count; below, the rows are counted, up to the limit + 1 at most. An estimate
    bounds no page: a page exists while it has rows, has a next page while one
    more row follows it, and the last page's count is exact.
    """

    @cached_property
    def counted(self):
        """(the count, whether it is an estimate)."""
        limit = settings.PAGINATION_EXACT_COUNT_LIMIT
        # Unordered: the database may stop at any limit + 1 rows.
        rows = self.object_list.order_by().values("pk")
        plan = json.loads(rows.explain(format="json"))
        estimate = round(plan[0]["Plan"]["Plan Rows"])
        if estimate <= limit:
            # Few rows expected: count them, stopping past the limit should the planner be wrong.
            counted = rows[: limit + 1].count()
            if counted <= limit:
                return counted, False
        # Above the limit whatever the estimate says: only an estimate is over it.
        return max(estimate, limit + 1), True

    @cached_property
    def count(self):
        return self.counted[0]

    @property
    def estimated(self):
        return self.counted[1]

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past the estimate's last page: page() looks for rows there.
            if self.estimated and int(number) > 1:
                return int(number)
            raise

    def page(self, number):
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # One more row than a page tells whether a next page exists.
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        has_next = len(rows) > self.per_page
        if not has_next:
            # The last page: the rows before it and on it are all of them.
            self.count = bottom + len(rows)
        return EstimatedPage(rows[: self.per_page], number, self, has_next=has_next)


class EstimatedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next


class StandardPagination(PageNumberPagination):
    """Pages of 20; clients may ask for up to 100 with `?page_size=`."""

    django_paginator_class = EstimatedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"The number of results: exact up to {settings.PAGINATION_EXACT_COUNT_LIMIT} and"
            " on the last page; above, PostgreSQL's estimate, which may be off either way."
            " Follow `next` (null on the last page) rather than computing pages from it."
        )
        return response
