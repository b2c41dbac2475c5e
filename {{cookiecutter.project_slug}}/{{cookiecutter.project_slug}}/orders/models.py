from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class Order(models.Model):
    """A client's order of a product; its client sees it, staff handle it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SHIPPED = "shipped", "Shipped"
        CANCELLED = "cancelled", "Cancelled"

    # PROTECT: an ordered product stays; deleting it is refused until its orders are.
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="orders")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # The client who placed it: its owner for the policy table's `own_rows`.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Newest first; the id breaks ties so that pages never overlap or skip.
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=["-created_at", "-id"], name="order_newest_first"),)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="order_quantity_positive"
            ),
        )

    def __str__(self):
        return f"{self.quantity} of product {self.product_id} for user {self.created_by_id}"
