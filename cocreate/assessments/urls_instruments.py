"""The instrument library and its editor; the stage-guided reflections of a community."""

from django.urls import path

from . import views_instruments as v
from . import views_reflections

LIBRARY = "o/<slug:org>/instruments/"
VERSION = LIBRARY + "<int:pk>/"

urlpatterns = [
    path(LIBRARY, v.instrument_list, name="instruments"),
    path(VERSION, v.instrument_detail, name="instrument"),
    path(VERSION + "adapt/", v.instrument_adapt, name="instrument_adapt"),
    path(VERSION + "edit/", v.instrument_edit, name="instrument_edit"),
    path(VERSION + "publish/", v.instrument_publish, name="instrument_publish"),
    path(VERSION + "items/<int:item>/", v.item_edit, name="item_edit"),
    path(VERSION + "items/<int:item>/remove/", v.item_remove, name="item_remove"),
    path(VERSION + "items/<int:item>/move/", v.item_move, name="item_move"),
    path(VERSION + "sections/<int:section>/", v.section_edit, name="section_edit"),
    path(VERSION + "sections/<int:section>/items/new/", v.item_add, name="item_add"),
    path("o/<slug:org>/c/<slug:slug>/reflections/", views_reflections.reflections, name="reflections"),
]
