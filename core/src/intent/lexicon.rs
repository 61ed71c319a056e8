//! Word lists the slot extractors normalise against: cities (to their English names), product
//! words (to one English item name), place categories and cuisines (to English). Each entry
//! is `(canonical, words![surface forms])`; matching takes the longest surface form found.

use super::words::{Words, words};

/// A word list: each entry a canonical name and its surface forms.
pub type Lexicon = &'static [(&'static str, Words)];

/// Chinese cities with their Chinese names and common English spellings.
pub const CITIES: Lexicon = &[
    ("Beijing", words!["北京", "beijing", "peking"]),
    ("Shanghai", words!["上海", "shanghai"]),
    ("Guangzhou", words!["广州", "guangzhou", "canton"]),
    ("Shenzhen", words!["深圳", "shenzhen"]),
    ("Hangzhou", words!["杭州", "hangzhou"]),
    ("Harbin", words!["哈尔滨", "哈市", "harbin"]),
    ("Chengdu", words!["成都", "chengdu"]),
    ("Chongqing", words!["重庆", "chongqing"]),
    ("Xi'an", words!["西安", "xi'an", "xian"]),
    ("Nanjing", words!["南京", "nanjing"]),
    ("Suzhou", words!["苏州", "suzhou"]),
    ("Wuhan", words!["武汉", "wuhan"]),
    ("Tianjin", words!["天津", "tianjin"]),
    ("Qingdao", words!["青岛", "qingdao"]),
    ("Xiamen", words!["厦门", "xiamen"]),
    ("Kunming", words!["昆明", "kunming"]),
    ("Dali", words!["大理", "dali"]),
    ("Lijiang", words!["丽江", "lijiang"]),
    ("Sanya", words!["三亚", "sanya"]),
    ("Guilin", words!["桂林", "guilin"]),
    ("Changsha", words!["长沙", "changsha"]),
    ("Zhengzhou", words!["郑州", "zhengzhou"]),
    ("Shenyang", words!["沈阳", "shenyang"]),
    ("Dalian", words!["大连", "dalian"]),
    ("Changchun", words!["长春", "changchun"]),
    ("Jilin", words!["吉林", "jilin"]),
    ("Ningbo", words!["宁波", "ningbo"]),
    ("Wenzhou", words!["温州", "wenzhou"]),
    ("Hefei", words!["合肥", "hefei"]),
    ("Fuzhou", words!["福州", "fuzhou"]),
    ("Jinan", words!["济南", "jinan"]),
    ("Lhasa", words!["拉萨", "lhasa"]),
    ("Urumqi", words!["乌鲁木齐", "urumqi"]),
    ("Hong Kong", words!["香港", "hong kong", "hongkong"]),
    ("Macau", words!["澳门", "macau", "macao"]),
    ("Taipei", words!["台北", "taipei"]),
    ("Huangshan", words!["黄山", "huangshan"]),
    ("Zhangjiajie", words!["张家界", "zhangjiajie"]),
    ("Yunnan", words!["云南", "yunnan"]),
    ("Hainan", words!["海南", "hainan"]),
];

/// Product words → one English item name the catalog is searched with.
pub const PRODUCTS: Lexicon = &[
    (
        "snow boots",
        words![
            "雪地靴",
            "雪靴",
            "snow boots",
            "snow boot",
            "winter boots",
            "冬靴",
        ],
    ),
    (
        "running shoes",
        words![
            "跑鞋",
            "跑步鞋",
            "running shoes",
            "running shoe",
            "trainers",
        ],
    ),
    ("sneakers", words!["运动鞋", "球鞋", "sneakers", "sneaker"]),
    (
        "hiking boots",
        words![
            "登山鞋",
            "登山靴",
            "徒步鞋",
            "徒步靴",
            "hiking boots",
            "hiking boot",
            "hiking shoes",
            "trekking boots",
            "trekking shoes",
        ],
    ),
    ("boots", words!["靴子", "boots"]),
    ("shoes", words!["鞋子", "鞋", "shoes"]),
    (
        "down jacket",
        words!["羽绒服", "down jacket", "puffer jacket", "puffer"],
    ),
    ("gloves", words!["手套", "gloves", "mittens"]),
    ("scarf", words!["围巾", "scarf"]),
    ("hat", words!["帽子", "hat", "beanie"]),
    (
        "thermal underwear",
        words!["保暖内衣", "秋衣秋裤", "thermal underwear", "thermals"],
    ),
    ("socks", words!["袜子", "socks"]),
    ("umbrella", words!["雨伞", "伞", "umbrella"]),
    ("sunscreen", words!["防晒霜", "sunscreen", "sunblock"]),
    (
        "power bank",
        words![
            "充电宝",
            "移动电源",
            "power bank",
            "powerbank",
            "portable charger",
            "battery pack",
        ],
    ),
    (
        "charger",
        // `phone charger`, `蓝牙耳机`: the listed kind's common names (what the catalogue's
        // charger and headphones are), not a narrower kind.
        words![
            "手机充电器",
            "充电器",
            "phone charger",
            "charger",
            "charging cable",
            "数据线",
        ],
    ),
    (
        "headphones",
        words![
            "蓝牙耳机",
            "无线耳机",
            "耳机",
            "bluetooth headphones",
            "bluetooth earbuds",
            "wireless earbuds",
            "headphones",
            "earphones",
            "earbuds",
        ],
    ),
    ("phone case", words!["手机壳", "phone case"]),
    ("cola", words!["可乐", "可口可乐", "coke", "cola"]),
    ("sprite", words!["雪碧", "sprite"]),
    ("soda", words!["汽水", "苏打水", "soda", "soft drink"]),
    ("water", words!["水", "water"]),
    // A kind of water or snack named more exactly is kept as said, as a dish is (`矿泉水`,
    // `薯片`): listed so that it is still found as a thing bought.
    ("矿泉水", words!["矿泉水"]),
    ("薯片", words!["薯片"]),
    ("green tea", words!["绿茶", "龙井", "green tea", "longjing"]),
    ("tea", words!["茶叶", "茶", "tea"]),
    (
        "coffee",
        // A coffee drink named (`拿铁`, `americano`) is kept as said.
        words!["咖啡", "coffee"],
    ),
    (
        "milk tea",
        words![
            "珍珠奶茶",
            "波霸奶茶",
            "奶茶",
            "milk tea",
            "bubble tea",
            "boba",
        ],
    ),
    ("coffee beans", words!["咖啡豆", "coffee beans"]),
    ("snacks", words!["零食", "snacks", "snack"]),
    ("chocolate", words!["巧克力", "chocolate"]),
    (
        "souvenir",
        words!["纪念品", "souvenir", "souvenirs", "特产"],
    ),
    (
        "silk scarf",
        words!["丝巾", "真丝围巾", "丝绸围巾", "真丝丝巾", "silk scarf"],
    ),
    ("fan", words!["扇子", "fan"]),
    // `food` in them names no meal; `猫粮`, `狗粮` are the same things (settled in round twenty).
    ("dog food", words!["dog food", "狗粮"]),
    ("cat food", words!["cat food", "猫粮"]),
];

/// Food words for `food.order` (dishes are kept as said when not listed).
pub const FOODS: Lexicon = &[
    ("pizza", words!["披萨饼", "比萨饼", "披萨", "比萨", "pizza"]),
    ("burger", words!["汉堡包", "汉堡", "burger", "hamburger"]),
    ("fried chicken", words!["炸鸡", "fried chicken"]),
    // One dish, though it says `and`.
    (
        "fish and chips",
        words!["炸鱼薯条", "fish and chips", "fish & chips"],
    ),
    ("dumplings", words!["饺子", "水饺", "dumplings", "dumpling"]),
    ("noodles", words!["面条", "拉面", "noodles", "面"]),
    // A dish named more exactly than its listed kind keeps its own words (`兰州拉面`,
    // `盖浇饭`), as an unlisted dish is kept as said.
    ("兰州拉面", words!["兰州拉面"]),
    ("ramen", words!["ramen"]),
    ("pho", words!["越南粉", "pho"]),
    ("beef noodles", words!["牛肉面", "beef noodles"]),
    ("rice bowl", words!["盖饭", "rice bowl"]),
    ("盖浇饭", words!["盖浇饭"]),
    ("fried rice", words!["炒饭", "fried rice"]),
    (
        "xiaolongbao",
        words!["小笼包", "xiaolongbao", "soup dumplings"],
    ),
    ("sushi", words!["寿司", "sushi"]),
    ("salad", words!["沙拉", "salad"]),
    ("congee", words!["粥", "congee", "porridge"]),
    ("hotpot", words!["火锅", "hotpot", "hot pot"]),
    // Grilled food, kept as said as a dish is (`烧烤店` is a restaurant of it, `撸串` eats it).
    ("烧烤", words!["烧烤", "烤串", "撸串"]),
    ("烤鱼", words!["烤鱼"]),
    // A sweet sought is a dish, kept as said (not `dessert`, the kind its search falls back to).
    ("冰淇淋", words!["冰淇淋"]),
    ("ice cream", words!["ice cream"]),
    // Common names of a listed food are that food (`珍珠奶茶` is bubble tea).
    (
        "bubble tea",
        words![
            "珍珠奶茶",
            "波霸奶茶",
            "奶茶",
            "bubble tea",
            "milk tea",
            "boba tea",
            "boba",
            "pearl milk tea",
        ],
    ),
    ("coffee", words!["咖啡", "coffee"]),
    ("breakfast", words!["早餐", "早饭", "breakfast"]),
    ("lunch", words!["午饭", "午餐", "lunch"]),
    ("dinner", words!["晚饭", "晚餐", "dinner"]),
    ("dongpo pork", words!["东坡肉", "dongpo pork"]),
    (
        "roast duck",
        words!["北京烤鸭", "烤鸭", "roast duck", "peking duck"],
    ),
];

/// Place categories → English category names the places provider knows.
pub const CATEGORIES: Lexicon = &[
    (
        "restaurant",
        words![
            "餐厅",
            "饭店",
            "饭馆",
            "餐馆",
            // `湘菜馆子`, `下馆子`: a restaurant in everyday speech.
            "馆子",
            "吃饭",
            "吃的",
            "好吃的",
            "restaurant",
            "restaurants",
            "place to eat",
            "something to eat",
            "anything to eat",
            "a bite",
            "somewhere to eat",
            "food",
        ],
    ),
    (
        "cafe",
        words![
            "咖啡店",
            "咖啡馆",
            "咖啡厅",
            "cafe",
            "café",
            "coffee shop",
            "cafes",
        ],
    ),
    (
        "convenience store",
        words![
            "便利店",
            // `超商`, `捷运站`, `计程车`, `公车`: the Taiwan words for a listed kind are that kind.
            "超商",
            "小卖部",
            "convenience store",
            "7-eleven",
            "corner shop",
            // The words of world Englishes for one: New Zealand's `dairy` (with an article, not
            // `dairy-free`), New York's `bodega`, Australia's `milk bar`, the Philippines'
            // `sari-sari store`.
            "a dairy",
            "the dairy",
            "bodega",
            "milk bar",
            "sari-sari store",
        ],
    ),
    (
        "supermarket",
        words!["超市", "supermarket", "grocery store", "grocery"],
    ),
    (
        "hotel",
        // `订个民宿`, `a guesthouse`: a place to stay the night (kept as said in a slot, see
        // [`NARROWER`]).
        words![
            "酒店",
            "宾馆",
            "旅馆",
            "民宿",
            "客栈",
            "hotel",
            "hotels",
            "hostel",
            "hostels",
            "guesthouse",
            "inn",
        ],
    ),
    (
        "toilet",
        words![
            "厕所",
            "洗手间",
            "卫生间",
            "化妆室",
            "toilet",
            "restroom",
            "bathroom",
            "washroom",
            // British `loo`, the Philippines' `comfort room`.
            "loo",
            "comfort room",
        ],
    ),
    (
        "atm",
        words![
            "取款机",
            "取钱",
            "取现",
            "取款",
            "atm",
            "cash machine",
            // British `cashpoint`.
            "cashpoint",
            "cash point",
        ],
    ),
    ("bank", words!["银行", "bank"]),
    (
        "pharmacy",
        words![
            "药店",
            "药房",
            "pharmacy",
            "pharmacies",
            "drugstore",
            "chemist",
            "chemist's",
        ],
    ),
    ("hospital", words!["医院", "hospital", "clinic", "诊所"]),
    (
        "subway station",
        words![
            "地铁站",
            "捷运站",
            "捷运",
            "subway station",
            "metro station",
            "subway",
            "metro",
            // London's `tube`, Singapore's and Taipei's `mrt`.
            "tube station",
            "mrt station",
            "mrt",
        ],
    ),
    ("bus stop", words!["公交站", "公车站", "bus stop"]),
    (
        "bike station",
        words![
            "单车",
            "共享单车",
            "自行车",
            "bike station",
            "bikes",
            "shared bike",
        ],
    ),
    ("bar", words!["酒吧", "bar"]),
    // A pub is a kind of bar named more exactly (as `latte` is of coffee): kept as said.
    ("pub", words!["pub"]),
    ("tea house", words!["茶馆", "茶楼", "tea house", "teahouse"]),
    ("shoe shop", words!["鞋店", "shoe shop", "shoe store"]),
    (
        "shop",
        words!["商店", "店铺", "shop", "store", "mall", "商场", "shopping"],
    ),
    (
        "parking",
        words![
            "停车场",
            "停车",
            "parking",
            "car park",
            "park the car",
            "park my car",
            "to park",
        ],
    ),
    (
        "gas station",
        // Australia's `servo`, India's `petrol pump`.
        words![
            "加油站",
            "加油",
            "gas station",
            "petrol station",
            "servo",
            "petrol pump",
        ],
    ),
    (
        "charging station",
        words!["充电桩", "充电站", "充电", "charging station"],
    ),
    ("park", words!["公园", "park"]),
    ("museum", words!["博物馆", "museum"]),
    ("bookstore", words!["书店", "bookstore", "bookshop"]),
    ("gym", words!["健身房", "gym"]),
];

/// Words for a narrower kind of a listed place, with the listed kind (`hostel`, a hotel): found
/// as the listed kind, so what is asked is read the same, but a slot keeps the word as said
/// ([`kind_as_said`]) and the places search looks among the listed kind ([`broader_kind`]).
const NARROWER: &[(&str, &str)] = &[
    ("hostel", "hotel"),
    ("guesthouse", "hotel"),
    ("inn", "hotel"),
    ("民宿", "hotel"),
    ("客栈", "hotel"),
];

/// The word a slot keeps for the listed kind `m` found in `text`: a narrower kind as said
/// (singular: `hostels` → `hostel`), else the listed kind's canonical name.
pub fn kind_as_said(text: &str, m: &LexMatch) -> &'static str {
    let said = text[m.start..m.end].to_lowercase();
    let singular = said.strip_suffix('s').unwrap_or(&said);
    NARROWER
        .iter()
        .find(|(narrow, _)| *narrow == said || *narrow == singular)
        .map_or(m.canonical, |(narrow, _)| narrow)
}

/// The listed kind a narrower kind kept as said belongs to (`hostel` → `hotel`).
pub fn broader_kind(kind: &str) -> Option<&'static str> {
    NARROWER
        .iter()
        .find(|(narrow, _)| *narrow == kind)
        .map(|(_, broad)| *broad)
}

/// Cuisines → English names.
pub const CUISINES: Lexicon = &[
    ("hotpot", words!["火锅", "hotpot", "hot pot"]),
    ("sichuan", words!["川菜", "四川菜", "sichuan", "szechuan"]),
    (
        "hangzhou",
        words![
            "杭帮菜",
            "杭州菜",
            "hangzhou food",
            "hangzhou cuisine",
            "local food",
            "本地菜",
        ],
    ),
    (
        "cantonese",
        words!["粤菜", "广东菜", "早茶", "cantonese", "dim sum"],
    ),
    (
        "japanese",
        words!["日料", "日本料理", "日本菜", "寿司", "japanese", "sushi"],
    ),
    (
        "korean",
        words!["韩国料理", "韩料", "烤肉", "korean", "bbq"],
    ),
    ("western", words!["西餐", "western food", "steak", "牛排"]),
    ("italian", words!["意大利菜", "italian", "pasta"]),
    ("noodles", words!["面馆", "拉面", "noodle", "noodles"]),
    ("兰州拉面", words!["兰州拉面"]),
    // What food a faith allows is a cuisine of its own (`a halal restaurant`, `清真餐厅`).
    // (`清真寺`, a mosque, is no food: only `清真` before a word of food or eating is.)
    (
        "halal",
        words!["清真菜", "清真餐", "清真饭", "清真面", "吃清真", "halal"],
    ),
    ("kosher", words!["犹太洁食", "洁食", "kosher"]),
    ("vegetarian", words!["素食", "素菜", "吃素", "vegetarian"]),
    ("vegan", words!["纯素", "vegan"]),
    ("seafood", words!["海鲜", "seafood"]),
    ("dumplings", words!["饺子", "dumpling", "dumplings"]),
    (
        "fast food",
        words![
            "快餐",
            "fast food",
            "burger",
            "kfc",
            "mcdonald's",
            "麦当劳",
            "肯德基",
        ],
    ),
    ("dessert", words!["甜品", "甜点", "dessert"]),
    // A country's cooking named in English before the place or the food (`an Indian
    // restaurant`, `a Thai place`; in Chinese `印度菜`, `泰餐` are read by their endings).
    (
        "indian",
        words![
            "indian restaurant",
            "indian place",
            "indian food",
            "indian cuisine"
        ],
    ),
    (
        "thai",
        words!["thai restaurant", "thai place", "thai food", "thai cuisine"],
    ),
    (
        "mexican",
        words!["mexican restaurant", "mexican place", "mexican food"],
    ),
    (
        "vietnamese",
        words![
            "vietnamese restaurant",
            "vietnamese place",
            "vietnamese food"
        ],
    ),
];

/// Travel modes for `navigate.mode`.
pub const MODES: Lexicon = &[
    (
        "walk",
        words![
            "步行",
            "走路",
            "走过去",
            "走到",
            "走去",
            "走着去",
            // `用走的`: walking said as the means used.
            "用走的",
            // `行路去`: walking in Cantonese, Hakka and Min speech.
            "行路",
            "walk",
            "walking",
            "on foot",
        ],
    ),
    (
        "bike",
        words![
            "骑车",
            "骑行",
            // `骑个共享单车去西湖`: the bike ridden there.
            "骑个共享单车",
            "骑共享单车",
            "骑单车",
            "骑个单车",
            "骑去",
            "骑到",
            "骑过去",
            // `我踩单车去`: Cantonese rides a bike by treading it.
            "踩单车",
            "踩车",
            "by bike",
            "by bicycle",
            "on a bicycle",
            "on my bike",
            // `ride a bike to the Su Causeway`: the bike said as what is ridden.
            "ride a bike",
            "ride a bicycle",
            "ride my bike",
            "ride bike",
            "ride bicycle",
            "on a bike",
            "on the bike",
            "on the bicycle",
            "ride it",
            // `ride to Su Causeway`: riding there is by bike.
            "ride to",
            "riding to",
            "ride over",
            "bike over",
            "cycle over",
            "cycle",
            "cycling",
            "biking",
            // `bike directions to …`: the means said as an adjective of the route.
            "bike directions",
            "bike route",
        ],
    ),
    (
        "drive",
        words!["开车", "自驾", "drive", "driving", "by car"],
    ),
    (
        "transit",
        words![
            "公交",
            "公车",
            "地铁",
            "捷运",
            "坐车",
            "public transport",
            "transit",
            "by bus",
            "by subway",
            "by metro",
            "take the metro",
            "take the subway",
            "take the bus",
            "take a bus",
            // `Navigate to Hangzhou East, taking the metro`: the means said as how one goes.
            "taking the metro",
            "taking the subway",
            "taking the bus",
            "ride the metro",
            "ride the subway",
            "which bus",
            "what bus",
            "which metro",
            "which subway",
            "on the metro",
            "on the subway",
            "on the bus",
        ],
    ),
    (
        "taxi",
        words![
            "打车",
            "打个车",
            "叫车",
            "叫辆车",
            "叫个车",
            "出租车",
            "计程车",
            // `打滴滴去湖滨银泰`: a Didi called as a taxi is.
            "打滴滴",
            "打个滴滴",
            "滴滴",
            "taxi",
            "cab",
            "uber",
            "didi",
        ],
    ),
];

/// Well-known landmarks → English names (the guide and navigation look them up by name).
pub const LANDMARKS: Lexicon = &[
    ("West Lake", words!["西湖", "west lake"]),
    (
        "Leifeng Pagoda",
        words!["雷峰塔", "leifeng pagoda", "leifeng tower"],
    ),
    ("Broken Bridge", words!["断桥残雪", "断桥", "broken bridge"]),
    (
        "Lingyin Temple",
        words!["灵隐寺", "lingyin temple", "lingyin"],
    ),
    ("Su Causeway", words!["苏堤", "su causeway"]),
    ("Bai Causeway", words!["白堤", "bai causeway"]),
    (
        "Three Pools Mirroring the Moon",
        words!["三潭印月", "three pools mirroring the moon"],
    ),
    (
        "Six Harmonies Pagoda",
        words!["六和塔", "six harmonies pagoda", "liuhe pagoda"],
    ),
    ("Yue Fei Temple", words!["岳王庙", "岳庙", "yue fei temple"]),
    (
        "Xixi Wetland",
        words!["西溪湿地", "西溪", "xixi wetland", "xixi"],
    ),
    ("Hefang Street", words!["河坊街", "hefang street"]),
    ("Wulin Square", words!["武林广场", "wulin square"]),
    (
        "Hangzhou East Railway Station",
        words![
            "杭州东站",
            "hangzhou east station",
            "hangzhou east railway station",
            "hangzhou east",
        ],
    ),
    ("Forbidden City", words!["故宫", "紫禁城", "forbidden city"]),
    ("Great Wall", words!["长城", "great wall"]),
    ("The Bund", words!["外滩", "the bund", "bund"]),
    (
        "Oriental Pearl Tower",
        words!["东方明珠", "oriental pearl tower"],
    ),
    (
        "Terracotta Army",
        words!["兵马俑", "terracotta army", "terracotta warriors"],
    ),
    (
        "Saint Sophia Cathedral",
        words![
            "圣索菲亚教堂",
            "索菲亚教堂",
            "saint sophia cathedral",
            "st. sophia cathedral",
        ],
    ),
    ("Central Street", words!["中央大街", "central street"]),
    (
        "Harbin Ice and Snow World",
        words!["冰雪大世界", "ice and snow world"],
    ),
];

/// The first of `words` that `rest` starts with (English words must end there).
pub fn starts_with_word<'a>(
    rest: &str,
    words: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    words.into_iter().find(|w| {
        rest.starts_with(w)
            && (!w.ends_with(|c: char| c.is_ascii_alphabetic())
                || rest[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphabetic()))
    })
}

/// Every byte range where `surface` occurs in `text` as a whole word.
pub fn occurrences<'a>(
    text: &'a str,
    surface: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    text.match_indices(surface)
        .map(move |(start, _)| (start, start + surface.len()))
        .filter(move |(start, end)| is_whole_word(text, *start, *end, surface))
}

/// [`occurrences`] of a lexicon's surface, and of its English plural when that changes the
/// ending (`silk scarves`, `batteries`, `boxes`; a plain `s` is allowed by [`is_whole_word`]).
fn forms_in(text: &str, surface: &str) -> Vec<(usize, usize)> {
    let plural = changed_plural(surface);
    let mut found: Vec<(usize, usize)> = occurrences(text, surface).collect();
    if let Some(p) = &plural {
        found.extend(occurrences(text, p));
    }
    found
}

/// The English plural of `surface` when it changes the ending: `scarf` → `scarves`, `knife` →
/// `knives`, `battery` → `batteries`, `box` → `boxes`, `brush` → `brushes`.
fn changed_plural(surface: &str) -> Option<String> {
    if !surface.is_ascii() || surface.len() < 3 {
        return None;
    }
    if let Some(stem) = surface
        .strip_suffix("fe")
        .or_else(|| surface.strip_suffix('f'))
    {
        return Some(format!("{stem}ves"));
    }
    if let Some(stem) = surface.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return Some(format!("{stem}ies"));
    }
    ["s", "x", "ch", "sh"]
        .iter()
        .any(|e| surface.ends_with(e))
        .then(|| format!("{surface}es"))
}

/// A match of a lexicon entry in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexMatch {
    /// The canonical name.
    pub canonical: &'static str,
    /// First byte of the surface form.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// True when `text[start..end]` is not glued to ASCII letters on either side (so `bar` does
/// not match inside `barcode`); Chinese text has no word boundaries and always passes.
fn is_whole_word(text: &str, start: usize, end: usize, surface: &str) -> bool {
    if !surface.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return true;
    }
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    // Allow a plural `s` after an English surface form.
    let after_ok = !glued(after) || (after == Some('s') && !glued(text[end + 1..].chars().next()));
    !glued(before) && after_ok
}

/// Every non-overlapping match of `lexicon` in `text`, longest surface forms first, returned
/// left to right.
pub fn find_all(text: &str, lexicon: Lexicon) -> Vec<LexMatch> {
    let mut candidates: Vec<LexMatch> = Vec::new();
    for (canonical, surfaces) in lexicon {
        for surface in *surfaces {
            for (start, end) in forms_in(text, surface) {
                candidates.push(LexMatch {
                    canonical,
                    start,
                    end,
                });
            }
        }
    }
    candidates.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    let mut chosen: Vec<LexMatch> = Vec::new();
    for m in candidates {
        if chosen.iter().all(|c| m.end <= c.start || m.start >= c.end) {
            chosen.push(m);
        }
    }
    chosen.sort_by_key(|m| m.start);
    chosen
}

/// The first (leftmost, longest) match of `lexicon` in `text`.
pub fn find_first(text: &str, lexicon: Lexicon) -> Option<LexMatch> {
    find_all(text, lexicon).into_iter().next()
}

/// The English name of a city given in Chinese or English, any case.
pub fn city_english(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_lowercase();
    CITIES
        .iter()
        .find(|(en, surfaces)| en.to_lowercase() == lower || surfaces.contains(&lower))
        .map(|(en, _)| *en)
}

/// The cities named on their own, not inside a dish or a landmark (`北京烤鸭`, `杭州东站`).
pub fn standalone_cities(text: &str) -> Vec<LexMatch> {
    let inside: Vec<LexMatch> = find_all(text, FOODS)
        .into_iter()
        .chain(find_all(text, LANDMARKS))
        .collect();
    find_all(text, CITIES)
        .into_iter()
        .filter(|c| !inside.iter().any(|m| m.start <= c.start && c.end <= m.end))
        .filter(|c| station_end(text, c).is_none() && !names_a_place_in_it(text, c))
        .filter(|c| !eaten(text, c))
        .collect()
}

/// `我想吃海南鸡饭`, `想恰宁波汤团`: a Chinese city's name right after a verb of eating and going
/// on into more words is a dish's, not the city.
fn eaten(text: &str, c: &LexMatch) -> bool {
    text[..c.start].ends_with(['吃', '喝', '尝', '恰'])
        && text[c.end..]
            .starts_with(|ch: char| !ch.is_ascii() && !super::spoken::ZH_PARTICLES.contains(&ch))
}

/// Words for a place of a city (`Hangzhou Grand Theatre`, `杭州大剧院`, `Hangzhou Olympic
/// Center`): a city's name that goes on into one of them names that place, not the city.
const PLACE_NOUNS: Words = words![
    "theatre",
    "theater",
    "center",
    "centre",
    "stadium",
    "library",
    "museum",
    "zoo",
    "university",
    "gymnasium",
    "arena",
    "hall",
    "剧院",
    "图书馆",
    "博物馆",
    "动物园",
    "植物园",
    "体育馆",
    "体育场",
    "体育中心",
    "大学",
    "中心",
];

/// `南京路`, `步行街`, `北京东路`: whether the Chinese word at `start..end` (a city, a means of
/// going) goes on into a street's name — a street word right after it (a direction between
/// allowed), not `路线`, `路上`, `路费`, `路程`, `路口` (the way, not a street).
pub fn street_goes_on(text: &str, start: usize, end: usize) -> bool {
    if text[start..end].is_ascii() {
        return false;
    }
    let rest = text[end..].trim_start_matches(['东', '西', '南', '北', '中']);
    let way = ["路线", "路上", "路费", "路程", "路口", "路过"];
    ["路", "街", "大街", "大道"]
        .iter()
        .any(|w| rest.starts_with(w))
        && !way.iter().any(|w| rest.starts_with(w))
}

/// Whether the city at `c` starts the name of a place in it: `the` before it (`the Hangzhou
/// Grand Theatre`: a city is never `the`), or a place noun ([`PLACE_NOUNS`]) within the next
/// two English words or four Chinese characters.
fn names_a_place_in_it(text: &str, c: &LexMatch) -> bool {
    let rest = &text[c.end..];
    if text[c.start..c.end].is_ascii() {
        let the = text[..c.start].trim_end().ends_with(" the") || text[..c.start] == *"the ";
        let words: Vec<&str> = rest
            .split([' ', ',', '?', '!', '.'])
            .skip(1)
            .take(2)
            .collect();
        return the
            || words
                .iter()
                .any(|w| PLACE_NOUNS.contains(w.trim_end_matches('s')));
    }
    if street_goes_on(text, c.start, c.end) {
        return true;
    }
    let near: String = rest
        .chars()
        .take(6)
        .take_while(|c| !c.is_ascii() && *c != '的')
        .collect();
    PLACE_NOUNS.iter().any(|n| {
        !n.is_ascii()
            && near
                .find(n)
                .is_some_and(|at| near[..at].chars().count() <= 4)
    })
}

/// `杭州站`, `北京南站`, `shanghai south station`: where the station named after the city at `c`
/// ends, if a station word follows it (a city's station is a place in it, not the city).
pub fn station_end(text: &str, c: &LexMatch) -> Option<usize> {
    const STATION: [&str; 10] = [
        "火车站",
        "东站",
        "南站",
        "西站",
        "北站",
        "站",
        " railway station",
        " east station",
        " south station",
        " station",
    ];
    let rest = &text[c.end..];
    // `taxi to Hangzhou East`: a city and a side of it, ending the words, is its station.
    const SIDE: [&str; 4] = [" east", " south", " west", " north"];
    let side = SIDE.iter().find(|s| {
        rest.starts_with(*s) && !rest[s.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    });
    STATION
        .iter()
        .find(|s| rest.starts_with(*s))
        .or(side)
        .map(|s| c.end + s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrower_kind_is_kept_as_said_and_searched_as_its_kind() {
        let kind = |t: &str| find_first(t, CATEGORIES).map(|m| kind_as_said(t, &m));
        assert_eq!(kind("two hostels"), Some("hostel"));
        assert_eq!(kind("订个民宿"), Some("民宿"));
        assert_eq!(kind("a hotel"), Some("hotel"));
        assert_eq!(broader_kind("hostel"), Some("hotel"));
        assert_eq!(broader_kind("hotel"), None);
    }

    #[test]
    fn cities_normalise_to_english() {
        assert_eq!(city_english("哈尔滨"), Some("Harbin"));
        assert_eq!(city_english("HARBIN"), Some("Harbin"));
        assert_eq!(city_english("xian"), Some("Xi'an"));
        assert_eq!(city_english("Atlantis"), None);
    }

    #[test]
    fn longest_match_wins_and_words_are_whole() {
        let m = find_first("买双雪地靴", PRODUCTS).unwrap();
        assert_eq!(m.canonical, "snow boots");
        assert_eq!(find_first("scan the barcode", CATEGORIES), None);
        assert_eq!(
            find_first("two cokes", PRODUCTS).map(|m| m.canonical),
            Some("cola")
        );
        // A city and a side of it is the city's station, not the city.
        assert!(standalone_cities("get me a taxi to hangzhou east").is_empty());
        assert_eq!(standalone_cities("hangzhou eastern suburbs").len(), 1);
        // A food's common name is that food, whole (`珍珠奶茶` is no qualified `奶茶`).
        let m = find_first("点两杯珍珠奶茶", FOODS).unwrap();
        assert_eq!(
            (m.canonical, &"点两杯珍珠奶茶"[m.start..m.end]),
            ("bubble tea", "珍珠奶茶")
        );
        let all = find_all("去上海和北京", CITIES);
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn intent_street_goes_on_from_a_city_or_a_means() {
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            street_goes_on(text, start, start + word.len())
        };
        assert!(at("去南京路步行街", "南京"));
        assert!(at("去南京路步行街", "步行"));
        assert!(at("北京东路怎么走", "北京"));
        assert!(!at("去南京的路上", "南京"));
        assert!(!at("去上海路线", "上海"));
        assert!(
            !standalone_cities("南京西路有什么好吃的")
                .iter()
                .any(|c| c.canonical == "Nanjing")
        );
    }
}
