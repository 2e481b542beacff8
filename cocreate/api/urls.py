from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

C = "orgs/<slug:org>/communities/<slug:slug>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("orgs/<slug:org>/communities/", views.CommunityList.as_view(), name="communities"),
    path(C, views.CommunityDetail.as_view(), name="community"),
    path(C + "partners/", views.PartnerList.as_view(), name="partners"),
    path(C + "partners/<int:pk>/", views.PartnerDetail.as_view(), name="partner"),
    path(C + "partners/<int:pk>/levels/", views.LevelList.as_view(), name="levels"),
    path(C + "partners/<int:pk>/changes/", views.ChangeList.as_view(), name="changes"),
    path(C + "teams/", views.TeamList.as_view(), name="teams"),
    path(C + "plan/", views.PlanDetail.as_view(), name="plan"),
]
