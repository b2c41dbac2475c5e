from drf_orjson_renderer.parsers import ORJSONParser
from rest_framework import parsers


class JSONParser(ORJSONParser, parsers.JSONParser):
    """orjson's parser, taken by DRF for its own JSONParser.

    DRF hands its JSONParser the body read through Django's `request.body`, which
    refuses one over DATA_UPLOAD_MAX_MEMORY_SIZE (a 413); any other parser would
    get the unchecked stream. orjson refuses documents nested over 1024 deep.
    """
