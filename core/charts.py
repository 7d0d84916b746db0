"""ECharts option builders. Pages put the JSON in a ``data-chart`` attribute; static/js draws it."""

import json

COLOR = "#0b4f9c"


def bar_chart(names: list[str], values: list[int], *, rotate: int = 35) -> str:
    option = {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 10, "top": 10, "bottom": 70},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": rotate}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "data": values, "itemStyle": {"color": COLOR}}],
    }
    return json.dumps(option, ensure_ascii=False)


def pie_chart(items: dict[str, int]) -> str:
    option = {
        "animation": False,
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "60%"],
                "center": ["50%", "42%"],
                "label": {"show": False},
                "data": [{"name": name, "value": value} for name, value in items.items()],
            }
        ],
    }
    return json.dumps(option, ensure_ascii=False)
