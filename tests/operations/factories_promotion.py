"""Factories of promotion (第十三条): records inserted as a test needs them (kept apart from factories_operations so
that the areas of the chapter do not edit one file)."""

from datetime import date

from factories import org

from operations.promotion.models import PromotionActivity, PromotionPlan


def make_activity(code, title="赣服通进社区", held_on=date(2026, 3, 15), mode="offline", channel="service_hall",
                  views=0, participants=100, registrations=20, **extra):
    return PromotionActivity.objects.create(owner_org=org(code), title=title, held_on=held_on, mode=mode,
                                            channel=channel, views=views, participants=participants,
                                            registrations=registrations, **extra)


def make_promotion_plan(code, year=2026, activity_target=8, **extra):
    return PromotionPlan.objects.create(owner_org=org(code), year=year, goals=extra.pop("goals", "新增注册用户"),
                                        planned_activities=extra.pop("planned_activities", "每月一次直播"),
                                        channels=extra.pop("channels", ["live_stream"]),
                                        activity_target=activity_target, **extra)
