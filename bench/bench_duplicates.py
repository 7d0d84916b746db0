"""Benchmark: the duplicate check (查重) of one application against 100,000 stored applications.

A corpus of CORPUS distinct Chinese application texts (title, abstract, objectives) is generated
from a vocabulary of S&T phrases (seeded, so every run builds the same corpus). For PROBES probe
applications, near-duplicates are planted in the corpus: paraphrased (synonyms swapped), reordered
(sentences shuffled) and partly copied (about half of the sentences copied into other text). The
corpus is fingerprinted once with the module's own ``signature`` and ``band_keys`` (what
``fingerprint_store`` stores), in parallel over the CPUs, then loaded into a fresh database per
backend (SQLite file, the embedded default; a scratch PostgreSQL database when it is available).

Then ``duplicate_check(probe)`` runs for every probe, timed one by one (after one untimed warm-up
check that loads jieba's dictionary); each probe's own fingerprint is removed afterwards, so every
check runs against exactly CORPUS stored items. Reported: p50/p95 of the check, planted
near-duplicates found (per kind), and false positives (matches that were not planted for that probe).

    make bench-duplicates   ->  bench/results/duplicates.json
    bench/bench_duplicates.py --corpus 20000 --backends sqlite     (a quicker run)
"""

import argparse
import json
import multiprocessing
import os
import pickle
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchlib import code_version, machine, pg_scratch, postgres_ready  # noqa: E402  (bench/ is the script's directory)

CORPUS = 100_000
PROBES = 40
KINDS = ("paraphrased", "reordered", "partly_copied")
PAIR_SAMPLE = 300  # background similarity: PAIR_SAMPLE x PAIR_SAMPLE pairs of unrelated texts
PG_DATABASE = "kejiwang_bench_duplicates"
CHILD_TIMEOUT_S = 1800  # one backend: load plus checks

# --- The text generator: S&T vocabulary, sentence patterns with alternatives ----------------------


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIELDS = {
    "智能制造": (
        "数控机床 工业机器人 精密减速器 伺服驱动系统 激光加工装备 增材制造装备 柔性装配产线 智能传感器"
        " 高速电主轴 注塑成型装备 精密轴承 液压元件",
        "热误差 振动失稳 装配精度低 故障预警滞后 刀具磨损 能耗偏高 良品率不稳定 核心部件依赖进口",
        "汽车零部件企业 航空航天制造 模具加工车间 电子装配工厂 船舶制造基地",
    ),
    "新材料": (
        "碳纤维复合材料 高温合金 稀土永磁材料 石墨烯薄膜 生物可降解塑料 钙钛矿光伏材料 高性能陶瓷"
        " 特种橡胶 锂电隔膜 光学晶体 超高分子量聚乙烯纤维 铝合金板材",
        "界面结合弱 批次一致性差 制备成本高 高温蠕变 环境老化 缺陷控制难 规模化制备受限 性能衰减快",
        "新能源汽车 轨道交通装备 电子封装 建筑节能 海洋工程装备",
    ),
    "生物医药": (
        "单克隆抗体 mRNA疫苗 基因编辑工具 CAR-T细胞 中药有效成分 小分子靶向药物 多肽药物 重组蛋白"
        " 类器官模型 核酸检测试剂 抗菌肽 缓释制剂",
        "成药性差 耐药性 表达量低 递送效率低 免疫原性 质量标准缺失 生产工艺复杂 临床转化慢",
        "三甲医院 生物医药产业园 临床研究中心 药物安全评价机构 基层医疗机构",
    ),
    "电子信息": (
        "射频前端芯片 功率半导体器件 光通信模块 毫米波雷达 存储控制芯片 微机电系统 红外探测器"
        " 高速模数转换器 柔性显示面板 卫星导航接收机 工业网关 边缘服务器",
        "功耗过高 信号完整性差 散热困难 良率偏低 抗干扰能力弱 国产化率低 测试验证不足 供应链风险",
        "通信运营商 智能终端企业 数据中心 车联网场景 工业互联网平台",
    ),
    "新能源": (
        "固态锂电池 氢燃料电池电堆 海上风电机组 光伏组件 液流储能系统 智能微电网 氢气储运装置"
        " 电池管理系统 光热发电系统 生物质气化炉 充换电设施 虚拟电厂",
        "循环寿命短 热失控 并网波动 转换效率低 成本居高不下 低温性能差 安全监管难 消纳不足",
        "工业园区 沿海风电场 分布式光伏电站 城市公交系统 海岛供电系统",
    ),
    "现代农业": (
        "杂交水稻 茶树品种 生猪养殖 大黄鱼养殖 设施蔬菜 柑橘 食用菌 农机装备 耕地土壤 水肥一体化系统 蚕桑 中药材种植",
        "病虫害频发 产量不稳 品质下降 土壤酸化 用药过量 劳动强度大 种源依赖 灾害损失",
        "山区农户 家庭农场 现代农业园区 渔业合作社 国有林场",
    ),
    "生态环境": (
        "工业废水 城市黑臭水体 挥发性有机物 固体废物 土壤重金属 碳捕集装置 垃圾焚烧飞灰 农村生活污水"
        " 噪声污染 微塑料 近岸海域 饮用水源地",
        "排放超标 监测盲区 处理成本高 二次污染 溯源困难 治理效果不稳定 标准体系不完善 运维复杂",
        "化工园区 印染企业集聚区 城市河道 重点流域 垃圾处理厂",
    ),
    "海洋科技": (
        "海洋牧场 海底观测网 无人水下航行器 海水淡化装置 船舶动力系统 海洋生物资源 海上浮式平台"
        " 港口装卸装备 海洋遥感卫星 海洋防腐涂层 深海探测仪器 渔船安全终端",
        "腐蚀严重 通信受限 续航不足 环境载荷复杂 维护成本高 数据稀缺 定位精度低 生态影响评估难",
        "沿海港口 远洋渔业船队 海岛县区 近海养殖区 海洋科研站",
    ),
    "人工智能": (
        "行业大模型 知识图谱 计算机视觉系统 语音识别引擎 推荐算法 隐私计算平台 智能决策系统 多模态检索系统"
        " 自动驾驶感知模块 工业缺陷检测系统 智能客服 数字人",
        "数据孤岛 标注成本高 泛化能力弱 可解释性差 算力不足 隐私泄露风险 模型漂移 部署门槛高",
        "政务服务中心 金融机构 制造企业 智慧城市平台 医疗机构",
    ),
    "医疗健康": (
        "手术机器人 可穿戴心电监测设备 康复外骨骼 医学影像辅助诊断系统 慢病管理平台 体外诊断仪器"
        " 远程会诊系统 智能输液泵 骨科植入物 眼科激光设备 呼吸机 助听器",
        "操作精度不足 误诊漏诊 依从性差 数据不互通 设备价格昂贵 基层服务能力弱 随访困难 安全风险",
        "县级医院 社区卫生服务中心 养老机构 专科医院 居家护理场景",
    ),
    "交通运输": (
        "城市轨道交通 桥梁结构 高速公路路面 新能源重卡 智能信号控制系统 港口集装箱码头 隧道通风系统"
        " 无人配送车 航空发动机叶片 电动船舶 公交调度系统 物流仓储机器人",
        "疲劳损伤 拥堵严重 能耗高 安全隐患 检测效率低 运维成本高 调度不合理 极端天气影响",
        "城市主干路网 跨海大桥 物流园区 山区高速公路 机场枢纽",
    ),
    "安全应急": (
        "危化品储罐 矿山边坡 城市燃气管网 高层建筑消防 地质灾害隐患点 电力变电站 森林防火 应急通信装备"
        " 尾矿库 防汛排涝设施 人员定位终端 危险品运输车辆",
        "预警不及时 泄漏爆炸风险 监测覆盖不足 救援响应慢 隐患识别难 通信中断 次生灾害 责任追溯难",
        "化工园区 老旧小区 山区乡镇 大型商业综合体 重点林区",
    ),
}
METHODS = words(
    "多源异构数据融合 深度强化学习 数字孪生建模 有限元仿真 贝叶斯优化 迁移学习 图神经网络 多尺度建模"
    " 高通量筛选 分子动力学模拟 机理与数据混合建模 自适应控制 边缘计算 联邦学习 知识图谱推理"
    " 多目标优化 近红外光谱分析 同步辐射表征 微流控 激光诱导击穿光谱 声发射监测 计算流体力学"
    " 拓扑优化 模型预测控制 小样本学习 时空序列预测 机器视觉 原位表征 北斗高精度定位 低功耗无线传感"
    " 表面改性 定向进化 合成生物学 基因组选择 遥感反演 生命周期评价 区块链存证 因果推断"
)
ASPECTS = words("可靠性 精度 稳定性 能效 寿命 安全性 一致性 经济性 智能化水平 环境适应性 响应速度 集成度")
LEADS = words(
    "此外， 同时， 在此基础上， 进一步， 为此， 具体而言， 另一方面， 与此同时， 在应用层面， 在理论层面，"
    " 项目组将 课题组拟 团队将 项目将 本课题拟"
)
ABSTRACT = (
    "本项目[面向|立足|瞄准]{scene}对{obj}的[迫切|现实|重大|长期]需求，[开展|推进|组织][{aspect}提升|{aspect}保障|关键共性]技术[研究|攻关]",
    "针对{obj}[存在的|普遍面临的|长期存在的]{problem}等[问题|难题|瓶颈]，提出基于{method}的[解决思路|技术路线|研究方案]",
    "拟建立{obj}{aspect}[评价|预测|分析]模型，[揭示|阐明|厘清]{problem}的[形成机理|演化规律|内在机制]",
    "通过{method}与{method2}[相结合|协同|融合]，实现{obj}[运行状态|关键参数|服役性能]的[实时感知|动态监测|在线评估]与[精准调控|智能决策|闭环优化]",
    "[研制|开发|打造]具有自主知识产权的{obj}[样机|原型系统|示范装置]，关键指标达到[国内领先|国际先进|国内先进]水平",
    "在{scene}开展[示范应用|应用验证|中试验证]，[验证|检验|评估]技术路线的[可行性和经济性|先进性与可靠性|工程适用性]",
    "项目成果[可|有望|预计][显著|大幅|有效]降低{obj}的[运行成本|制造成本|维护成本|能源消耗]，{aspect}提升{pct}以上",
    "围绕{obj}[全生命周期|设计与运维|研发与应用]，构建覆盖[设计、制造与运维|研发、测试与推广|监测、评估与治理]的技术体系",
    "[突破|攻克|解决]{obj}{aspect}[瓶颈|难题|短板]，形成一批可推广的[核心技术|共性技术|关键技术]和[标准规范|技术规程|行业标准]",
    "依托{org}和{partner}，组建[产学研|产学研用|跨学科]协同创新团队，[形成|建立][优势互补|分工明确|协同高效]的攻关机制",
    "前期已在{obj2}{aspect2}方面取得[阶段性成果|良好基础|重要进展]，[承担|完成|参与]相关[国家级|省部级]项目{n2}项",
    "重点解决{problem}和{problem2}两大[问题|难题]，为{field}[产业升级|高质量发展|转型发展]提供[技术支撑|科技支撑|解决方案]",
    "采用{method2}对{obj2}进行[系统|深入|全面]分析，[明确|确定|找出]影响{aspect}的[主控因素|关键变量|敏感参数]",
    "项目实施后[预计|预期|有望]带动{scene}新增产值{money}万元，[减少|降低]碳排放{pct}",
    "[当前|目前|现阶段]{obj}[主要依赖进口|国产化程度不高|市场集中度高]，{problem2}[制约了|影响了|限制了]{field}[产业发展|技术进步|规模应用]",
    "[国内外|国际上|行业内][已有研究|现有方法|主流方案]难以兼顾{aspect}与{aspect2}，[亟需|迫切需要|有必要][创新|突破|改进]",
    "[以|将]{scene}为[典型场景|应用牵引|示范对象]，[形成|打通]从{method}到{obj}[工程应用|产品落地|批量生产]的完整链条",
    "[建设|搭建|构建]{obj}[测试验证平台|公共服务平台|数据共享平台]，[服务|支撑|带动]{n2}家以上[中小企业|上下游企业|应用单位]",
    "申报单位在{field}领域[深耕|积累|发展]{n3}十余年，[拥有|具备]{org}等[创新平台|研发条件|试验条件]",
    "[综合|融合|集成]{method}、{method2}等[手段|技术|方法]，[提出|发展|建立]{obj2}{aspect2}[协同优化|联合设计|一体化设计]新方法",
    "[项目|课题][聚焦|关注|着眼]{obj}在{scene}中的{problem}，[兼顾|统筹]技术先进性与[成本可控|可推广性|安全可靠]",
    "[预期|计划|力争]形成{obj}[系列化产品|整体解决方案|成套装备]，[市场前景|推广价值|社会效益][广阔|显著|突出]",
)
OBJECTIVES = (
    "研究内容[一|（一）|1]：{obj}{problem}[机理|成因|演化规律]研究，建立考虑[多因素|多物理场|多尺度]耦合的{method}模型",
    "研究内容[二|（二）|2]：基于{method2}的{obj}{aspect}[优化方法|提升技术|调控策略]，[开发|形成|提出][配套|相应]算法",
    "研究内容[三|（三）|3]：{obj}[在线监测|智能诊断|质量检测]装置研制，实现关键参数的[毫秒级|秒级|高频]采集与分析",
    "研究内容[四|（四）|4]：{obj}[示范应用|工程验证|推广应用]，在{scene}建设示范点{n}个",
    "预期申请发明专利{n}项，发表高水平论文{n2}篇，制定[团体标准|地方标准|企业标准]{n3}项",
    "[培养|培育]博士研究生{n}名、硕士研究生{n2}名，[引进|培养]高层次人才{n3}名",
    "建成{obj}[中试线|示范线|生产线]{n}条，实现新增产值{money}万元，新增利税{money2}万元",
    "开发{obj2}[智能管控平台|大数据平台|数字化服务平台]，在{n2}家[企业|单位|机构]推广应用",
    "形成{obj}{aspect2}[测试规范|评价方法|技术规程]，完成[第三方检测|型式试验|性能认证]",
    "{obj}{aspect}指标[提高|改善|增强]{pct}，[关键部件|核心材料|主要装备]国产化率达到{pct2}",
    "[建立|搭建|汇聚]{field}{obj2}[数据库|样本库|案例库]，[收录|积累|汇集]数据{n4}万条",
    "[突破|掌握|攻克]{method}在{obj}中的[工程化应用|集成应用|规模化应用]技术",
    "[完成|开展]{obj}[可靠性试验|环境适应性试验|长期运行考核]{n4}小时以上",
    "项目执行期内[打造|建成|组建]{field}{obj2}[创新联合体|技术创新中心|公共服务平台]",
    "[考核指标|技术指标|主要指标]：{obj}{aspect}[误差|偏差|波动]不超过{pct}，[连续运行|无故障运行|稳定运行]时间不少于{n4}小时",
    "[提出|建立|发展]{problem2}[早期识别|快速诊断|精准溯源]方法，[识别准确率|诊断准确率|判别精度]不低于{pct2}",
    "[编制|起草|形成]{obj}[应用指南|操作规程|运维手册]{n3}套，[开展|组织]技术培训{n2}场次",
    "[设计|开发|研发]面向{scene}的{obj2}[轻量化|模块化|低成本]方案，单套成本降低{pct}",
    "[验证|评估|测试]{method2}在{problem}[预警|治理|抑制]中的[有效性|适用性|鲁棒性]，形成[评估报告|验证报告|总结报告]",
    "[实现|推动]{obj}[在省内|在长三角地区|在行业内]{n2}个以上[场景|项目|单位]的[批量应用|规模推广|落地应用]",
    "[获得|取得][软件著作权|实用新型专利|集成电路布图设计]{n}项，[形成|申报][新产品|新装备|新工艺]{n3}项",
    "[研究|探索]{obj2}与{obj}的[协同运行|联合调度|耦合作用]规律，[提出|形成][协同优化|联合控制|综合评价]策略",
)
TITLES = (
    "{obj}{aspect}提升关键技术研究与示范",
    "基于{method}的{obj}{problem}[防控|治理|抑制]技术",
    "{scene}{obj}[智能化|绿色化|高端化]关键技术研发及产业化",
    "{obj}[全生命周期|多尺度|多场景]{aspect}[评价|调控|保障]方法研究",
    "面向{scene}的{obj}[研制|开发]与应用",
    "{obj}与{obj2}[协同|一体化|融合]关键技术[研究|攻关]",
    "[高|低成本|高可靠]{obj}[制备|设计|集成]技术及示范应用",
)
ORGS = words("省级重点实验室 国家工程技术研究中心 省级新型研发机构 高校学科平台 企业研究院 院士工作站")
PARTNERS = words("行业龙头企业 地方科技园区 三甲医院 省级检测中心 产业技术联盟 专精特新企业")
# Paraphrase: words swapped for near-synonyms (both directions).
SYNONYMS = dict(
    pair.split(":")
    for pair in words(
        "研究:探究 开展:进行 构建:搭建 实现:达成 提升:提高 关键:核心 形成:建立 显著:明显 问题:难题 研制:研发"
        " 模型:模式 方法:途径 技术:工艺 应用:运用 验证:检验 推广:普及 需求:需要 分析:剖析 建设:建造"
        " 平台:载体 预期:预计 降低:减少 系统:体系 优化:改进 监测:检测 实时:即时 精准:精确 团队:队伍"
    )
)
SYNONYMS |= {v: k for k, v in SYNONYMS.items()}
SYNONYM_PATTERN = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))
ALTERNATIVES = re.compile(r"\[([^\]]+)\]")


class Writer:
    """Seeded generator of one application text at a time: (title, abstract sentences, objective sentences)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fields = {name: tuple(part.split() for part in parts) for name, parts in FIELDS.items()}

    def topic(self) -> dict:
        """What one application is about: the same object, methods, scene and problems throughout."""
        rng = self.rng
        field = rng.choice(list(FIELDS))
        objects, problems, scenes = self.fields[field]
        obj, obj2 = rng.sample(objects, 2)
        problem, problem2 = rng.sample(problems, 2)
        method, method2 = rng.sample(METHODS, 2)
        aspect, aspect2 = rng.sample(ASPECTS, 2)
        return {
            **{"field": field, "obj": obj, "obj2": obj2, "problem": problem, "problem2": problem2},
            **{"method": method, "method2": method2, "aspect": aspect, "aspect2": aspect2},
            **{"scene": rng.choice(scenes), "org": rng.choice(ORGS), "partner": rng.choice(PARTNERS)},
        }

    def fill(self, pattern: str, topic: dict, lead: bool = True) -> str:
        rng = self.rng
        values = {
            **topic,
            "n": rng.randint(2, 12),
            "n2": rng.randint(2, 30),
            "n3": rng.randint(1, 6),
            "n4": rng.randint(2, 500),
            "pct": f"{rng.randint(5, 60)}%",
            "pct2": f"{rng.randint(60, 99)}%",
            "money": rng.randint(300, 90000),
            "money2": rng.randint(50, 9000),
        }
        # Writers word the same template differently: half the skeleton's words that have a
        # near-synonym take it (slot values, i.e. the domain terms, are left alone).
        pattern = SYNONYM_PATTERN.sub(lambda m: SYNONYMS[m.group(0)] if rng.random() < 0.5 else m.group(0), pattern)
        text = ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), pattern).format(**values)
        return (rng.choice(LEADS) + text) if lead and rng.random() < 0.5 else text

    def application(self) -> dict:
        rng = self.rng
        topic = self.topic()
        abstract = [self.fill(p, topic) for p in rng.sample(ABSTRACT, rng.randint(5, 7))]
        objectives = [self.fill(p, topic) for p in rng.sample(OBJECTIVES, rng.randint(6, 8))]
        return {
            "title": self.fill(rng.choice(TITLES), topic, lead=False),
            "abstract": abstract,
            "objectives": objectives,
        }


def joined(item: dict) -> dict:
    """The stored fields: sentences end with 。 (the form's texts)."""
    return {
        "title": item["title"],
        "abstract": "".join(s + "。" for s in item["abstract"]),
        "objectives": "".join(s + "。" for s in item["objectives"]),
    }


def paraphrased(item: dict, rng: random.Random) -> dict:
    """Synonyms swapped for about two thirds of the words that have one; a new title the same way."""

    def swap(text: str) -> str:
        return SYNONYM_PATTERN.sub(lambda m: SYNONYMS[m.group(0)] if rng.random() < 0.67 else m.group(0), text)

    return {
        "title": swap(item["title"]),
        "abstract": [swap(s) for s in item["abstract"]],
        "objectives": [swap(s) for s in item["objectives"]],
    }


def reordered(item: dict, rng: random.Random) -> dict:
    """The same sentences in another order, some moved between abstract and objectives."""
    sentences = item["abstract"] + item["objectives"]
    while True:
        shuffled = rng.sample(sentences, len(sentences))
        if shuffled != sentences:
            break
    cut = len(item["objectives"])
    return {"title": item["title"], "abstract": shuffled[cut:], "objectives": shuffled[:cut]}


def partly_copied(item: dict, filler: dict, rng: random.Random) -> dict:
    """About half of the sentences copied (in place), the rest from another application."""
    out = {"title": filler["title"]}
    for part in ("abstract", "objectives"):
        ours, theirs = item[part], filler[part]
        copied = set(rng.sample(range(len(ours)), len(ours) // 2 + (len(ours) % 2 and rng.random() < 0.5)))
        out[part] = [ours[i] if i in copied else theirs[i % len(theirs)] for i in range(len(ours))]
    return out


def build_corpus(size: int, probes: int) -> dict:
    """Background texts, probes, and each probe's planted near-duplicates (shuffled into the corpus)."""
    writer = Writer(2026)
    rng = random.Random(11)
    probe_items = [writer.application() for _ in range(probes)]
    planted = []  # (probe index, kind, item)
    for index, item in enumerate(probe_items):
        planted.append((index, "paraphrased", paraphrased(item, rng)))
        planted.append((index, "reordered", reordered(item, rng)))
        planted.append((index, "partly_copied", partly_copied(item, writer.application(), rng)))
    items = [(None, None, writer.application()) for _ in range(size - len(planted))] + planted
    rng.shuffle(items)
    texts = [joined(item) for _index, _kind, item in items]
    distinct = len({t["abstract"] + t["objectives"] for t in texts})
    return {
        "texts": texts,
        "planted": [(position, index, kind) for position, (index, kind, _item) in enumerate(items) if kind],
        "probes": [joined(item) for item in probe_items],
        "distinct_texts": distinct,
    }


# --- Fingerprints: the module's own functions, in parallel -----------------------------------------


def _fingerprint_chunk(texts: list[dict]) -> list[tuple[bytes, list[str]]]:
    import numpy as np

    from applications.duplicates import band_keys, signature

    rows = []
    for t in texts:
        minhash = signature("\n".join([t["title"], t["abstract"], t["objectives"]]))  # = text_of(application)
        rows.append((minhash.hashvalues.astype(np.uint64).tobytes(), [key for _band, key in band_keys(minhash)]))
    return rows


def fingerprint_all(texts: list[dict]) -> list[tuple[bytes, list[str]]]:
    chunks = [texts[i : i + 500] for i in range(0, len(texts), 500)]
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        return [row for chunk in pool.imap(_fingerprint_chunk, chunks) for row in chunk]


def background_similarity(corpus: dict, fingerprints: list[tuple[bytes, list[str]]], threshold: float) -> dict:
    """How alike unrelated corpus texts are: MinHash similarity of SAMPLE x SAMPLE random pairs."""
    import numpy as np

    planted = {position for position, _index, _kind in corpus["planted"]}
    background = [i for i in range(len(fingerprints)) if i not in planted]
    left, right = (random.Random(3).sample(background, 2 * PAIR_SAMPLE)[k::2] for k in (0, 1))

    def matrix(rows: list[int]):
        return np.frombuffer(b"".join(fingerprints[i][0] for i in rows), dtype=np.uint64).reshape(len(rows), -1)

    a, b = matrix(left), matrix(right)
    scores = np.stack([np.count_nonzero(a == row, axis=1) for row in b]).ravel() / a.shape[1]
    keys = [{(band, key) for band, key in enumerate(fingerprints[i][1])} for i in left]
    shared = sum(1 for j in right for k in keys if k & set(enumerate(fingerprints[j][1])))
    return {
        "pairs": int(scores.size),
        "median": round(float(np.median(scores)), 3),
        "p99": round(float(np.quantile(scores, 0.99)), 3),
        "max": round(float(scores.max()), 3),
        "share_at_or_over_threshold": round(float(np.mean(scores >= threshold)), 6),
        "share_sharing_a_band_key": round(shared / scores.size, 4),
    }


def planted_similarity(corpus: dict, fingerprints: list[tuple[bytes, list[str]]], threshold: float) -> dict:
    """MinHash similarity of each planted item to its probe, and whether they share a band key.

    A planted item is reported only if it shares a band key (becomes a candidate) and its estimate
    reaches the threshold; this tells a miss by the threshold from a miss by the LSH bands.
    """
    import numpy as np

    probes = _fingerprint_chunk(corpus["probes"])
    by_kind: dict[str, list[tuple[float, bool]]] = {kind: [] for kind in KINDS}
    for position, index, kind in corpus["planted"]:
        ours, theirs = probes[index], fingerprints[position]
        equal = np.count_nonzero(np.frombuffer(ours[0], dtype=np.uint64) == np.frombuffer(theirs[0], dtype=np.uint64))
        candidate = any(a == b for a, b in zip(ours[1], theirs[1], strict=True))
        by_kind[kind].append((int(equal) / (len(ours[0]) // 8), candidate))
    return {
        kind: {
            "min": round(min(s for s, _c in rows), 3),
            "median": round(statistics.median(s for s, _c in rows), 3),
            "at_or_over_threshold": sum(s >= threshold for s, _c in rows),
            "candidates": sum(c for _s, c in rows),
            "reportable": sum(s >= threshold and c for s, c in rows),
            "of": len(rows),
        }
        for kind, rows in by_kind.items()
    }


# --- One backend: runs in its own process (Django settings are per process) ------------------------


def settings_env(var_dir: str, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kejiwang.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url,
            "KEJIWANG_VAR_DIR": var_dir,
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def load(corpus: dict, fingerprints: list[tuple[bytes, list[str]]]) -> dict:
    """Calls, units and applicants; the corpus as non-draft applications with fingerprints and band keys."""
    from datetime import timedelta
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, ApplicationStatus, LshBand, TextFingerprint
    from orgs.models import Office, Region, RegionLevel, Unit
    from plans.models import Call, CallStatus, Program

    rng = random.Random(5)
    now = timezone.now()
    statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNIT_ENDORSED, ApplicationStatus.FORMAL_PASSED]
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        province = Region.objects.create(code="330000", name="浙江省", level=RegionLevel.PROVINCE)
        office = Office.objects.create(name="高新技术处", code="hightech")
        program = Program.objects.create(name="重点研发计划", kind="key_rd", office=office)
        calls = [
            Call.objects.create(
                program=program,
                year=year,
                title=f"{year}年度重点研发计划申报指南",
                notice="申报指南。",
                status=CallStatus.CLOSED if year < now.year else CallStatus.PUBLISHED,
                opens_at=now - timedelta(days=365 * (now.year - year) + 60),
                closes_at=now - timedelta(days=365 * (now.year - year)) + timedelta(days=30),
                budget_cap=Decimal("300"),
            )
            for year in range(now.year - 5, now.year + 1)
        ]
        units = Unit.objects.bulk_create(
            Unit(name=f"查重单位{i:03d}", credit_code=f"12330000MB{i:07d}Q", unit_type="university", region=province)
            for i in range(100)
        )
        people = User.objects.bulk_create(
            User(username=f"dup{i:04d}", full_name=f"申报人{i:04d}", unit=units[i % 100], password="!")
            for i in range(1000)
        )

        def row(text: dict, i: int, status: str) -> Application:
            pi = people[i % len(people)]
            return Application(
                call=calls[i % len(calls)], pi=pi, unit_id=pi.unit_id, status=status, submitted_at=now, **text
            )

        applications = Application.objects.bulk_create(
            (row(t, i, rng.choice(statuses)) for i, t in enumerate(corpus["texts"])), batch_size=2000
        )
        probes = Application.objects.bulk_create(
            row(t, i, ApplicationStatus.SUBMITTED) for i, t in enumerate(corpus["probes"])
        )
        timings["applications_s"] = time.perf_counter() - started
        started = time.perf_counter()
        stored = TextFingerprint.objects.bulk_create(
            (
                TextFingerprint(application=a, signature=sig)
                for a, (sig, _keys) in zip(applications, fingerprints, strict=True)
            ),
            batch_size=2000,
        )
        table = LshBand._meta.db_table
        bands = (
            (f.pk, band, key)
            for f, (_sig, keys) in zip(stored, fingerprints, strict=True)
            for band, key in enumerate(keys)
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} (fingerprint_id, band, key) FROM STDIN") as copy:
                    for record in bands:
                        copy.write_row(record)
            else:
                cursor.executemany(f"INSERT INTO {table} (fingerprint_id, band, key) VALUES (%s, %s, %s)", bands)
        timings["fingerprints_s"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze_s"] = time.perf_counter() - started
    return {
        "applications": [a.pk for a in applications],
        "probes": [p.pk for p in probes],
        "band_rows": LshBand.objects.count(),
        "timings": {k: round(v, 1) for k, v in timings.items()},
    }


def run_one(backend: str, corpus_path: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.duplicates import band_keys, duplicate_check, signature, text_of
    from applications.models import Application, LshBand, TextFingerprint

    with open(corpus_path, "rb") as f:
        corpus, fingerprints = pickle.load(f)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    loaded = load(corpus, fingerprints)
    load_s = time.perf_counter() - started
    planted_for: dict[int, dict[int, str]] = {}  # probe index -> {application pk: kind}
    for position, index, kind in corpus["planted"]:
        planted_for.setdefault(index, {})[loaded["applications"][position]] = kind

    def candidates(probe: Application) -> int:
        keys = band_keys(signature(text_of(probe)))
        ids = set()
        for band, key in keys:
            ids.update(
                LshBand.objects.filter(band=band, key=key)
                .exclude(fingerprint__application=probe)
                .values_list("fingerprint__application_id", flat=True)
            )
        return len(ids)

    # Warm-up (jieba's dictionary, first queries): one probe checked and removed again, untimed.
    probes = list(Application.objects.filter(pk__in=loaded["probes"]).order_by("pk"))
    started = time.perf_counter()
    duplicate_check(probes[0])
    cold_ms = (time.perf_counter() - started) * 1000
    TextFingerprint.objects.filter(application=probes[0]).delete()

    times, found, false_positives, corpus_sizes, candidate_counts, per_check = [], Counter(), [], set(), [], []
    similarities: dict[str, list[float]] = {kind: [] for kind in KINDS}
    queries = None
    for index, probe in enumerate(probes):
        expected = planted_for[index]
        if queries is None:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                report = duplicate_check(probe)
                elapsed = time.perf_counter() - started
            queries = len(captured)
        else:
            started = time.perf_counter()
            report = duplicate_check(probe)
            elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        corpus_sizes.add(report.corpus_size)
        for match in report.matches:
            kind = expected.get(match["application"])
            if kind:
                found[kind] += 1
                similarities[kind].append(match["similarity"])
            else:
                false_positives.append(
                    {"probe": probe.pk, "match": match["application"], "similarity": match["similarity"]}
                )
        candidate_counts.append(candidates(probe))
        per_check.append(
            {
                "probe": probe.pk,
                "ms": round(times[-1], 1),
                "candidates": candidate_counts[-1],
                "matches": len(report.matches),
            }
        )
        TextFingerprint.objects.filter(application=probe).delete()  # the next check sees the same corpus
    times.sort()
    planted = len(corpus["planted"])
    return {
        "backend": backend,
        "corpus_size": max(corpus_sizes),
        "corpus_sizes_seen": sorted(corpus_sizes),
        "checks": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "max_ms": round(times[-1], 1),
        "cold_ms": round(cold_ms, 1),
        "planted": planted,
        "found": sum(found.values()),
        "false_positives": len(false_positives),
        "found_by_kind": {kind: f"{found[kind]}/{planted // len(KINDS)}" for kind in KINDS},
        "similarity_by_kind": {
            kind: {"min": min(v), "median": statistics.median(v)} if v else None for kind, v in similarities.items()
        },
        "false_positive_examples": false_positives[:10],
        "lsh_candidates_per_check": {
            "p50": statistics.median(candidate_counts),
            "max": max(candidate_counts),
        },
        "slowest_checks": sorted(per_check, key=lambda c: -c["ms"])[:3],
        "queries_per_check": queries,
        "band_rows": loaded["band_rows"],
        "seconds": {"migrate": round(migrate_s, 1), "load": round(load_s, 1), **loaded["timings"]},
    }


# --- The orchestrating process ---------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "duplicates.json"))
    parser.add_argument("--corpus", type=int, default=CORPUS, help="stored applications (default 100,000)")
    parser.add_argument("--probes", type=int, default=PROBES)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: backend|corpus pickle|out
    args = parser.parse_args()
    if args.child:
        backend, corpus_path, out = args.child.split("|")
        Path(out).write_text(json.dumps(run_one(backend, corpus_path), ensure_ascii=False))
        return

    started = time.perf_counter()
    results = []
    code = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        os.environ.update(settings_env(var_dir, f"sqlite:///{var_dir}/unused.sqlite3"))
        import django

        django.setup()  # the fingerprinting workers import applications.duplicates (and its models)
        t0 = time.perf_counter()
        corpus = build_corpus(args.corpus, args.probes)
        generate_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        fingerprints = fingerprint_all(corpus["texts"])
        fingerprint_s = time.perf_counter() - t0
        from applications.duplicates import BANDS, NUM_PERM, REPORT_THRESHOLD, ROWS

        background = background_similarity(corpus, fingerprints, REPORT_THRESHOLD)
        planted_estimates = planted_similarity(corpus, fingerprints, REPORT_THRESHOLD)
        corpus_path = Path(var_dir) / "corpus.pickle"
        corpus_path.write_bytes(pickle.dumps((corpus, fingerprints), protocol=pickle.HIGHEST_PROTOCOL))
        chars = statistics.mean(len(t["title"]) + len(t["abstract"]) + len(t["objectives"]) for t in corpus["texts"])
        for backend in args.backends.split(","):
            if backend == "postgresql":
                reason = postgres_ready()
                if reason:
                    results.append({"backend": backend, "skipped": reason})
                    continue
                pg_scratch(PG_DATABASE, create=True)
                database_url = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
            else:
                database_url = f"sqlite:///{var_dir}/duplicates.sqlite3"
            out = Path(var_dir) / f"result-{backend}.json"
            print(f"{backend} ...", flush=True)
            try:
                subprocess.run(
                    [sys.executable, __file__, "--child", "|".join([backend, str(corpus_path), str(out)])],
                    cwd=ROOT,
                    env=settings_env(var_dir, database_url),
                    check=True,
                    timeout=CHILD_TIMEOUT_S,
                )
                results.append(json.loads(out.read_text()))
            finally:
                if backend == "postgresql":
                    pg_scratch(PG_DATABASE, create=False)
                Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    headline = next((r for r in results if "skipped" not in r), {})
    result = {
        "benchmark": "duplicates",
        **{k: headline.get(k) for k in ("corpus_size", "p50_ms", "p95_ms", "planted", "found", "false_positives")},
        "database": headline.get("backend"),
        "by_backend": results,
        "data": {
            "corpus": args.corpus,
            "distinct_texts": corpus["distinct_texts"],
            "mean_chars": round(chars),
            "probes": args.probes,
            "planted_per_probe": list(KINDS),
            "background_similarity": background,
            "planted_similarity": planted_estimates,
        },
        "method": {
            "minhash": {"num_perm": NUM_PERM, "bands": BANDS, "rows": ROWS, "report_threshold": REPORT_THRESHOLD},
            "timed": "duplicate_check(probe) per probe, after one untimed warm-up check",
            "false_positive": "a reported match (similarity >= threshold) that was not planted for that probe",
        },
        "seconds": {
            "generate": round(generate_s, 1),
            "fingerprint": round(fingerprint_s, 1),
            "total": round(time.perf_counter() - started, 1),
        },
        "code": code,
        "machine": machine(),
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for entry in results:
        if "skipped" in entry:
            print(f"{entry['backend']:<11} skipped: {entry['skipped']}")
            continue
        print(
            f"{entry['backend']:<11} corpus {entry['corpus_size']}  p50 {entry['p50_ms']} ms  p95 {entry['p95_ms']} ms"
            f"  found {entry['found']}/{entry['planted']} {entry['found_by_kind']}"
            f"  false positives {entry['false_positives']}"
        )


if __name__ == "__main__":
    main()
