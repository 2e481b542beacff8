from cocreate.steps.actions import do_rate_step
from cocreate.steps.models import Rating, StepRating


def rated(c, step: int = 3, **fields) -> StepRating:
    """Riverside's rating of `step` (made by the lead when there is none)."""
    row = StepRating.objects.filter(community=c.community, step=step).first()
    if row is not None:
        return row
    values = {"rating": Rating.STARTING, "notes": "We began.", "next_step": "Draft the agreement.", **fields}
    return do_rate_step(c.community, acting_user=c.lead, step=step, version=None, **values)
