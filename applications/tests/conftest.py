PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def filled_form(application, **changes) -> dict:
    text = "面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法，开发在线监测与补偿系统并示范应用。" * 3
    data = {
        "version": application.version,
        "title": application.title,
        "topic": application.call.topics.first().pk,
        "start_date": "2027-01-01",
        "end_date": "2029-12-31",
        "discipline_codes": "460.45",
        "keywords": "数控机床、热误差、补偿",
        "abstract": text,
        "objectives": text,
        "team-0-name": "李思远",
        "team-0-unit": "之江理工大学",
        "team-0-title": "教授",
        "team-0-role": "负责人",
        "indicator-0-name": "发明专利",
        "indicator-0-target": "5项",
        "budget-equipment-grant": "50",
        "budget-business-grant": "120",
        "budget-labour-grant": "60",
        "budget-consulting-grant": "10",
        "budget-indirect-grant": "40",
        "budget-business-matching": "100",
        "coop-0": "宁波海洋材料研究院",
    }
    return {**data, **changes}
