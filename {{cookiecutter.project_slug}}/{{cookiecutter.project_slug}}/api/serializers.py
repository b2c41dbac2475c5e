import copy

from rest_framework import serializers


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, its fields built from the model once per class.

    DRF builds them on every instance (each field's kwargs, label, validators):
    most of the time a small response takes. Each instance gets a copy, as a
    plain Serializer gets of its declared fields, so none shares a bound field.
    """

    def get_fields(self):
        cls = type(self)
        if "_model_fields" not in cls.__dict__:
            # Built alike by any thread that gets here first.
            cls._model_fields = super().get_fields()
        return copy.deepcopy(cls._model_fields)
