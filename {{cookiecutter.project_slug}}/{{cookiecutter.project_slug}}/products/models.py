from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper


class Product(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # The validator gives forms and serializers a readable error; the constraint
    # keeps any other writer (shell, raw SQL, bulk updates) honest.
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # PROTECT: a product keeps its author; deactivate users rather than delete them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="products",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Newest first; the id breaks ties so that pages never overlap or skip.
        ordering = ("-created_at", "-id")
        indexes = (
            models.Index(fields=["-created_at", "-id"], name="product_newest_first"),
            # `?search=` is icontains, UPPER(name) LIKE UPPER('%term%') in SQL: trigrams of
            # that expression find the rows without reading the table (terms of 3+ characters).
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="product_name_trigram"),
        )
        constraints = (
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_positive"),
        )

    def __str__(self):
        return self.name
