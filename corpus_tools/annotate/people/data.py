"""Word lists for the people annotator: surnames, titles, cues and stop words.

Kept apart from the rules so they can be extended without touching logic.
Every list is general Chinese newspaper usage, not tied to any one issue.
"""

from __future__ import annotations


def _chars(s: str) -> frozenset[str]:
    return frozenset(s.replace(" ", "").replace("\n", ""))


def _words(s: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.split()))


# Common single-character surnames: enough on their own to start a Chinese name.
COMMON_SURNAMES = _chars("""
王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任习
沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔
向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单
季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄
窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查
麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉仝区郜阚花权帅屠朴盖练廉禹井祖
漆巴丰支卿国狄平计索宣晋相初门容敬扈晁芮都浦戈伏鹿薄邸雍辜羊母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危
玉银亢嵇公湛宾戎勾茅利於揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭洪
""")

# Rare surnames: accepted only with context on both sides (a marked start and a stop word after).
RARE_SURNAMES = _chars("""
员禤铁旷仉逄酆蔚濮暨墨东郦佴昌续剧轩弓笪竺郏琚貟靖年郗恽毋钭吾和由訾厍来
""")

COMPOUND_SURNAMES = _words("""
欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤
南宫 西门 呼延 申屠 澹台 公冶 太叔 闻人 濮阳 淳于 单于 钟离 宗政 拓跋 百里 东郭 万俟
赫连 完颜 第五
""")

# Characters common in transliterated foreign names (and in Burmese, Thai ... renderings).
TRANSLIT_CHARS = _chars("""
阿埃艾爱安昂奥敖巴拔柏拜班邦保鲍贝本比彼毕宾波伯博布步查察达戴丹道德登邓迪蒂典丁东杜顿多朵厄恩尔法
凡菲费芬丰弗福夫盖甘冈高戈哥格根贡古瓜圭哈海汉豪赫亨洪侯胡华怀惠霍基吉加贾杰金津卡凯坎康考柯科克肯孔
库夸奎拉莱赖兰朗劳勒雷蕾黎里丽利莉连林琳隆卢鲁路伦罗洛吕马玛迈麦曼梅门蒙米敏明莫姆穆纳娜奈南内尼妮涅
努诺帕潘庞佩彭皮珀普奇齐恰乔切钦琴丘萨塞赛桑瑟森沙莎山善绍舍圣施什史舒斯松苏索塔泰坦汤唐特提汀图托瓦
万旺威韦维温沃乌伍西希锡夏谢辛休修雅亚延扬耶伊因英尤于约扎泽詹珍朱兹宗佐吞貌妙楷季素廷温梭丁觉温吴昂
拉贾帕埃罗佩加芮蒂翁杰奈娅娃妲黛琪茜芙蓓菈艮戈耶汶瑞碧蕾黑默纽楚茨佛伏捷可昆列留芒毛孟密摩宁欧让尚欣叶卓琼
蓬缇莲蒲麦埃哲卜次仁扎
""")

# Words ending a title chain: the name follows directly (主席刘勇, 分析师王青).
OFFICE_TITLES = _words("""
主席 副主席 书记 副书记 总书记 第一书记 主委 副主委 主任委员 总理 副总理 首相 部长
副部长 外长 院长 副院长 主任 副主任 村主任 负责人 总监 校长 副校长 会长 副会长 理事长
董事长 总裁 执行总裁 总经理 经理 局长 副局长 厅长 处长 科长 省长 市长 县长 区长 镇长
乡长 村长 州长 委员 常委 国务委员 委员长 秘书长 大使 总统 副总统 特使 苏丹 国王 女王
王储 议长 议员 召集人 创办人 创始人 研究员 分析师 经济学家 学者 专家 教授 副教授 院士
讲师 博士 医生 导游 翻译 司机 保安 骑手 农民工 前锋 后卫 中锋 门将 球员 队员 棋手
车手 传承人 手艺人 带头人 人大代表 党代表 科学家 画家 艺术家 音乐家 书法家 摄影家 劳模
劳动模范 标兵 医师 护士 护士长 主治医师 工程师 律师 法官 检察官 审判长 警官 民警 司令
司令员 副司令员 总司令 政委 指挥员 军长 师长 旅长 团长 营长 连长 排长 队长 总队长
大队长 组长 站长 所长 馆长 社长 行长 副行长 主编 总编辑 作家 诗人 导演 演员 歌手
教练 运动员 老师 教师 班主任 记者 主持人 讲解员 网格员 监事长 代主席 检察长 首席执行官
参赞 领事 总领事 代办 部长助理 助理 主管 董事 理事 监事 合伙人 企业家 党组书记 署长
司长 首席 政治局委员 政治局常委 发言人 新闻发言人 局长助理 农民 工人 支书 支部书记 班长
店长 厂长
""")

# Person nouns that show a name follows but are no title (母亲余细女, 女孩某某).
PERSON_NOUNS = _words("""
侄女 侄子 母亲 父亲 爸爸 妈妈 妻子 丈夫 儿子 女儿 大哥 哥哥 姐姐 弟弟 妹妹 爷爷 奶奶
外婆 外公 孙子 孙女 老伴 女孩 男孩 小姑娘 小伙子 姑娘 患儿 学生 同学 同事 战友 队友
朋友 好友 邻居 徒弟 师傅 老人 村民 居民 市民 网友 党员 志愿者 游客 选手 被告人
犯罪嫌疑人 嫌疑人 烈士 英雄 战士 乡亲 老乡 店主 摊主 户主 贫困户 果农 菜农 茶农 渔民
牧民 代表 种植户 养殖户 脱贫户 经营户 承包户 商户 个体户 农户 住户 租户 业主 车主 房东
考生 毕业生 新生 职工 员工 工友
""")

# Words after a name that mark it as a person (习近平总书记, 戈塔巴雅总统).
POST_TITLES = _words("""
总书记 主席 总理 副总理 总统 同志 教授 院士 国务资政 苏丹 国王 女王 首相 烈士 将军
大使 委员长
""")

# Speech and action verbs that follow a name (王青说, 陈智思表示).
SPEECH_CUES = _words("""
表示 说 说道 介绍 指出 强调 认为 坦言 直言 感慨 感叹 透露 称 谈到 提到 回忆 告诉
解释 建议 呼吁 分析 补充 主持 出席 致辞 讲话 宣布 会见 会晤 会谈 看望 慰问 调研 考察
走访 率领 带领 一行 分享 笑着说 动情地说 激动地说 说起 谈起 表态 寄语 要求 希望 说明
回答 答道 问道 笑道 叹道 告诉记者 对记者说 接受采访
""")

# Words that may follow a name and end it (刘勇先后到, 李保东当日).
NAME_END_WORDS = _words("""
先后 分别 一起 一同 共同 同志 当日 当天 今天 昨天 近日 日前 此前 随后 之后 以来 带着
带队 作为 亲自 还是 也是 就是 不仅 已经 曾经 正在 一直 立即 马上 通过 参加 参与 来到
前往 抵达 获得 荣获 成为 担任 现任 兼任 出生 生于 逝世 牺牲 去世 所在 所部 所著 等人
讲述 发表 签署 颁发 颁奖 一行 代表 作了 作出 进行 带领
""")

# Single characters after a name that never end a given name (陈希在, 韩正等).
HARD_STOPS = _chars("""
的在等是将也就对向从被把让给已曾又还都则并而不今昨这那其亦即便却很更最每各该此到说称赴他她
""")

# Single characters after a name that may also be the last character of one (王为民).
SOFT_STOPS = _chars("和与及同为以之于由随率带用靠按上下来去受获任时")

# Single characters that never sit inside a given name.
NOT_IN_NAME = _chars("的了着过是在有就也都还把被让给对向从他她它们我你您咱这那该某每各谁说等不地得、，。")

# Generic references: surname plus one of these is no name (张先生, 李阿姨).
GENERIC_SUFFIXES = _words("""
先生 女士 小姐 阿姨 大爷 大妈 大娘 大姐 大哥 大叔 叔叔 伯伯 奶奶 爷爷 婆婆 阿婆 师傅
老师 医生 老汉 某 某某 总 局 处 科 书记 主任 同学 姐 哥 叔 伯 婶 嫂 爷 奶 妈 工
老 家 氏 村 庄 府 寨 屯 营 店 家人 姓
""")

# Crimes in case names (某某受贿案, 某某故意杀人案).
CRIMES = _words("""
受贿 行贿 贪污 挪用公款 故意杀人 故意伤害 寻衅滋事 诈骗 合同诈骗 集资诈骗 非法集资
非法吸收公众存款 盗窃 抢劫 绑架 强奸 贩卖毒品 走私 滥用职权 玩忽职守 组织领导黑社会性质组织
敲诈勒索 洗钱 危险驾驶 交通肇事
""")

# Strings that parse like names in bylines and credits but are none.
BYLINE_STOP = _words("""
本报 本报讯 报道 新华社 新华社电 中新社 人民视觉 影像中国 视觉中国 供图 图片 资料图片
摄影报道 实习生 整理 综合 来源 通讯员 记者 编辑 责任编辑 作者 本报记者 特约 特派 单位 评论员 本报评论员
""")

# Countries and regions: they take titles (伊朗总统) but are no person.
PLACES = _words("""
中国 美国 英国 法国 德国 俄罗斯 日本 韩国 朝鲜 印度 巴西 阿根廷 墨西哥 加拿大 澳大利亚
新西兰 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦 冰岛 爱尔兰 奥地利
波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 希腊 土耳其 伊朗 伊拉克 叙利亚 约旦 黎巴嫩
以色列 巴勒斯坦 沙特 沙特阿拉伯 阿联酋 卡塔尔 科威特 阿曼 也门 巴林 埃及 利比亚 突尼斯
阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 肯尼亚 坦桑尼亚 乌干达 卢旺达 尼日利亚 加纳 南非
津巴布韦 赞比亚 安哥拉 莫桑比克 马达加斯加 塞内加尔 喀麦隆 刚果 巴基斯坦 阿富汗 孟加拉国
斯里兰卡 尼泊尔 不丹 马尔代夫 缅甸 泰国 老挝 柬埔寨 越南 马来西亚 新加坡 印度尼西亚 印尼
菲律宾 文莱 东帝汶 蒙古 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 格鲁吉亚
亚美尼亚 阿塞拜疆 乌克兰 白俄罗斯 摩尔多瓦 立陶宛 拉脱维亚 爱沙尼亚 塞尔维亚 克罗地亚
斯洛文尼亚 波黑 黑山 北马其顿 阿尔巴尼亚 古巴 智利 秘鲁 哥伦比亚 委内瑞拉 厄瓜多尔
玻利维亚 巴拉圭 乌拉圭 巴拿马 哥斯达黎加 尼加拉瓜 洪都拉斯 危地马拉 萨尔瓦多 牙买加 海地
多米尼加 斐济 巴布亚新几内亚 汤加 萨摩亚 瓦努阿图 欧盟 联合国 东盟 非盟 香港 澳门 台湾
内地 大陆 欧洲 亚洲 非洲 美洲 拉美 中东 北美 南美 东南亚 南亚 中亚 西亚 北非
""")

# Endings of place and organisation names (李家村, 王庄镇): such list members are no people.
PLACE_SUFFIXES = tuple(_chars("""
村庄镇乡县市区省街路岛港站园馆院校厂店社局所部委会办组团司场台楼宫寺庙城州府屯营寨沟坝
"""))

# Last characters of titles that the dictionary knows as nouns (预报员, 厨师, 获得者).
TITLE_TAIL_CHARS = frozenset("员长师官者户")

# Nouns with those endings that are no title before a name.
NOT_TITLES = frozenset(_words("""
人员 成员 动员 器官 增长 生长 成长 家长 擅长 延长 特长 专长 兄长 师长 学长 首长 官员
考官 五官 或者 前者 后者 两者 三者 笔者 作者 本人 会员 团员 队员 学员 职员 店员
雇员 演员 议员 委员 党员 球员 教员
"""))

# Characters before 说 that make it part of another word (来说, 据说, 小说): no speech verb then.
SAY_BLOCKERS = frozenset("来据听小所可或再虽就还也又都却敢会能要难不没如话是地得")

# Adverbs between a name and its verb (甲和乙一起出席, 甲也表示).
ADVERBS = _words("""
一起 一同 共同 分别 先后 同时 随后 当即 也 都 还 均 亦 又 再次 专门 亲切 热情 详细
深入 集体 一致 当场 现场
""")
