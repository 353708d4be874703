"""Demo data of promotion (第十三条): this year's plans of a few org units and ~30 activities over several cities,
channels and months, so that the list, the summary's chart and the supervision indicator have something to show.
Idempotent: a plan is found by (org unit, year), an activity by (org unit, title); dates are in the current year,
never after today."""

from datetime import date

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit

from .models import PromotionActivity, PromotionPlan

AUTHORS = {"360100": "nanchang_submitter", "360102": "donghu_submitter", "360400": "jiujiang_submitter",
           "D3601": "dept_submitter", "OP3601": "operator_publisher"}

# org, goals, planned activities, channels, activities planned for the year, registrations targeted
PLANS = [
    ("360100", "全年新增赣服通注册用户10万人，“掌上办”知晓率达到90%。",
     "每月一期“小赣事聊服务”直播；政务服务大厅扫码引导；市政府网站、政务新媒体同步转发赣服通内容。",
     ["live_stream", "service_hall", "gov_website", "new_media", "repost"], 12, 100000),
    ("360102", "东湖区分厅月活跃用户提升30%。", "社区网格员进小区宣传；区政务大厅“帮办代办”窗口引导下载。",
     ["service_hall", "new_media"], 6, 20000),
    ("360400", "九江市分厅新增注册用户5万人。", "长江文化旅游季线上推广；各县区政务大厅专区宣传。",
     ["new_media", "service_hall", "repost"], 8, 50000),
    ("360700", "赣州市分厅高频事项网办率达到85%。", "“赣服通进乡村”系列线下活动；政务新媒体专栏。",
     ["service_hall", "new_media", "other"], 10, 60000),
    ("D3601", "公安专区户政、出入境业务知晓率提升。", "政策解读短视频；官方网站专题页。",
     ["new_media", "gov_website"], 4, None),
]

# org, title, mode, channel, month, day, views, participants, registrations
ACTIVITIES = [
    ("360100", "“小赣事聊服务”直播：社保卡线上申领", "online", "live_stream", 1, 18, 52300, 0, 1860),
    ("360100", "春节返乡“掌上办”宣传进大厅", "offline", "service_hall", 2, 5, 0, 860, 420),
    ("360100", "市政府网站首页赣服通专题上线", "online", "gov_website", 3, 12, 18400, 0, 310),
    ("360100", "“小赣事聊服务”直播：公积金提取一次办", "online", "live_stream", 4, 20, 61200, 0, 2240),
    ("360100", "政务新媒体转发赣服通“新生儿出生一件事”", "online", "repost", 5, 9, 27600, 0, 530),
    ("360100", "“小赣事聊服务”直播：企业开办全程网办", "online", "live_stream", 7, 15, 48900, 0, 1510),
    ("360100", "政务服务大厅“赣服通体验日”", "offline", "service_hall", 9, 23, 0, 1240, 760),
    ("360100", "“小赣事聊服务”直播：医保线上结算", "online", "live_stream", 11, 14, 70500, 0, 2630),
    ("360102", "社区网格员进小区推广赣服通", "offline", "other", 3, 28, 0, 640, 390),
    ("360102", "东湖区政务大厅扫码引导周", "offline", "service_hall", 6, 10, 0, 980, 515),
    ("360102", "“东湖发布”公众号推送赣服通办事指南", "online", "new_media", 8, 6, 15800, 0, 260),
    ("360102", "转发赣服通“高校毕业生就业一件事”", "online", "repost", 10, 17, 9200, 0, 140),
    ("360400", "长江文化旅游季赣服通线上推广", "online", "new_media", 4, 2, 38800, 0, 1320),
    ("360400", "九江市政务大厅“我帮你办”宣传", "offline", "service_hall", 5, 21, 0, 720, 380),
    ("360400", "“小赣事聊服务”直播九江专场", "online", "live_stream", 8, 26, 45600, 0, 1680),
    ("360400", "市政府网站转载赣服通便民服务专题", "online", "gov_website", 11, 5, 12100, 0, 150),
    ("360402", "濂溪区“赣服通进社区”活动", "offline", "other", 6, 19, 0, 430, 210),
    ("360402", "濂溪发布转发赣服通不动产登记指南", "online", "repost", 9, 8, 6400, 0, 95),
    ("360700", "“赣服通进乡村”首场宣讲", "offline", "other", 3, 16, 0, 1560, 880),
    ("360700", "赣州政务新媒体赣服通专栏开栏", "online", "new_media", 5, 30, 33700, 0, 940),
    ("360700", "赣州市民之家赣服通体验区开放", "offline", "service_hall", 7, 8, 0, 2100, 1120),
    ("360700", "“小赣事聊服务”直播赣南脐橙季专场", "online", "live_stream", 11, 21, 88400, 0, 3150),
    ("360702", "章贡区政务大厅“一码通办”宣传", "offline", "service_hall", 10, 11, 0, 690, 330),
    ("361100", "上饶市政务新媒体转发赣服通惠企政策", "online", "repost", 2, 24, 11300, 0, 180),
    ("361100", "上饶市政务服务中心赣服通宣传月", "offline", "service_hall", 6, 3, 0, 1380, 640),
    ("361100", "“小赣事聊服务”直播上饶专场", "online", "live_stream", 9, 12, 41200, 0, 1390),
    ("360900", "宜春市政府网站赣服通入口改版宣传", "online", "gov_website", 8, 14, 9800, 0, 120),
    ("D3601", "户政业务“掌上办”政策解读短视频", "online", "new_media", 4, 11, 126000, 0, 2850),
    ("D3601", "省公安厅官网出入境网办专题", "online", "gov_website", 7, 22, 34500, 0, 640),
    ("OP3601", "赣服通五周年线上互动活动", "online", "new_media", 10, 28, 215000, 0, 6420),
    ("OP3601", "赣服通服务进机场高铁站", "offline", "other", 12, 1, 0, 3200, 1470),
]


def seed(users):
    today = timezone.localdate()
    year = today.year
    orgs = {u.code: u for u in OrgUnit.objects.filter(code__in={row[0] for row in PLANS + ACTIVITIES})}
    for code, goals, planned, channels, target, registrations in PLANS:
        if not PromotionPlan.objects.filter(owner_org=orgs[code], year=year).exists():
            PromotionPlan.objects.create(owner_org=orgs[code], year=year, goals=goals, planned_activities=planned,
                                         channels=channels, activity_target=target,
                                         registration_target=registrations, created_by=users.get(AUTHORS.get(code)))
    for code, title, mode, channel, month, day, views, participants, registrations in ACTIVITIES:
        held_on = date(year, month, day)
        if held_on > today:
            held_on = date(year - 1, month, day)  # seeded early in the year: last year's activity
        if PromotionActivity.objects.filter(owner_org=orgs[code], title=title).exists():
            continue
        way = "线上" if mode == "online" else "线下"
        PromotionActivity.objects.create(
            owner_org=orgs[code], title=title, mode=mode, channel=channel, held_on=held_on, views=views,
            participants=participants, registrations=registrations,
            description=f"{title}。通过{way}渠道宣传赣服通，引导群众“掌上办、指尖办”。",
            created_by=users.get(AUTHORS.get(code)))
