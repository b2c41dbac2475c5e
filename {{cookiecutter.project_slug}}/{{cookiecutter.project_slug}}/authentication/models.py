from django.db import models
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken


class RefreshTokenRotation(models.Model):
    """A refresh token exchanged for a new one at /api/refresh/.

    SimpleJWT blacklists it then, as it does tokens ended by a logout or a new
    password; this row tells rotation apart. Such a token presented again, after
    the grace window, means a copy of it is in someone else's hands. Deleted with
    its token by `flushexpiredtokens`.
    """

    token = models.OneToOneField(
        OutstandingToken, on_delete=models.CASCADE, primary_key=True, related_name="rotation"
    )
    rotated_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.token} rotated at {self.rotated_at:%Y-%m-%d %H:%M:%S}"
