from django.urls import path, register_converter

from . import views_charts
from .charts import CHARTS, FORMATS


class ChartName:
    regex = "|".join(CHARTS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ChartFormat(ChartName):
    regex = "|".join(FORMATS)


register_converter(ChartName, "chart")
register_converter(ChartFormat, "chartfmt")

urlpatterns = [
    path("o/<slug:org>/c/<slug:slug>/charts/<chart:name>.<chartfmt:fmt>", views_charts.chart, name="chart"),
]
