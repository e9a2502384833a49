import csv

from playwright.sync_api import expect

from stories.models import ProfilePage
from tests.browser.conftest import browser_test
from tests.browser.test_editor import sign_in

pytestmark = browser_test

SHEET = [
    ["姓名/单位名称", "荣誉类别", "年份", "乡镇", "村/单位", "微事迹", "标签"],
    [
        "陈志刚",
        "优秀共产党员",
        "2026",
        "茗山乡",
        "杨桥村",
        "牵头成立金湾村庄理事会，纠纷不出村。",
        "村庄理事会",
    ],
    [
        "晏庄村党支部",
        "先进基层党组织",
        "2026",
        "茗山乡",
        "晏庄村",
        "推行“1+3”治理，90%的纠纷在村内解决。",
        "",
    ],
]


def test_editor_imports_a_sheet_of_honourees_as_drafts(
    page, live_server, site_tree, django_user_model, tmp_path
):
    sheet = tmp_path / "七一表彰名单.csv"
    with sheet.open("w", encoding="gbk", newline="") as file:  # as Excel on Chinese Windows saves it
        csv.writer(file).writerows(SHEET)
    sign_in(page, live_server, django_user_model)

    page.get_by_role("link", name="导入先锋人物").click()
    expect(page.get_by_role("heading", level=2, name="导入先锋人物")).to_be_visible()
    page.get_by_label("表格文件").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()

    expect(page.get_by_text("将新建 2 位先锋人物的草稿")).to_be_visible()
    table = page.get_by_role("table", name="表格内容")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_role("row", name="陈志刚")).to_contain_text("新建")
    page.get_by_role("button", name="确认导入，创建 2 份草稿").click()

    expect(page.get_by_text("已创建 2 位先锋人物草稿，请审核后发布。")).to_be_visible()
    expect(page).to_have_url(
        f"{live_server.url}/admin/pages/{site_tree.get_children().get(slug='xianfeng').pk}/"
    )
    for name in ("陈志刚", "晏庄村党支部"):
        expect(page.get_by_role("row", name=name)).to_contain_text("草稿")
    assert not ProfilePage.objects.filter(live=True).exists()
