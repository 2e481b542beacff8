from django.urls import path, register_converter

from cocreate.lib.charts import converters

from . import views_charts
from .charts import CHARTS

ChartName, ChartFormat = converters(CHARTS)
register_converter(ChartName, "chart")
register_converter(ChartFormat, "chartfmt")

urlpatterns = [
    path("o/<slug:org>/c/<slug:slug>/charts/<chart:name>.<chartfmt:fmt>", views_charts.chart, name="chart"),
]
