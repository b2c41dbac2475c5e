import orjson
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, decoding with orjson.

    A JSONParser still, so that DRF hands it the body read through Django's
    `request.body`, which refuses one over DATA_UPLOAD_MAX_MEMORY_SIZE (413);
    DRF's check of the charset is kept. orjson refuses documents nested over
    1024 deep (where the json module raised RecursionError, a 500).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            return orjson.loads(stream.read().decode(encoding))
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
