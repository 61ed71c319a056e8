//! The words that say which intent a clause is: each kind has cue words (Chinese and
//! English) with a weight; a clause goes to the kind with the highest total, if it reaches
//! [`MIN_SCORE`]. Lexicon hits (a city, a category, a product) add smaller weights.

use super::company::companions;
use super::dates::find_dates;
use super::dishes::cuisine_of;
use super::gate::GLUED_BEFORE;
use super::lexicon::{self, occurrences};
use super::near::named_near;
use super::slots::{MoneyRole, money, travelers};
use super::store::asked_of;
use super::taxonomy::IntentKind;
use super::words::{Words, words};

/// The least score that makes a clause an intent of its own.
pub const MIN_SCORE: u32 = 2;

type Cues = &'static [(&'static str, u32)];

/// Cue words per kind, with weights (3 = says the kind alone, 2 = strong hint, 1 = weak).
pub const TRIGGERS: &[(IntentKind, Cues)] = &[
    (
        IntentKind::TripPlan,
        &[
            ("行程", 3),
            ("旅行", 3),
            ("旅游", 3),
            ("出差", 3),
            ("度假", 3),
            ("规划", 2),
            ("计划", 1),
            ("安排", 1),
            ("玩", 1),
            ("火车票", 3),
            ("高铁票", 3),
            ("高铁", 2),
            ("动车", 2),
            ("机票", 3),
            ("航班", 3),
            ("飞", 1),
            ("出发", 1),
            ("订票", 3),
            ("trip", 3),
            ("travel", 3),
            ("vacation", 3),
            ("holiday", 3),
            ("getaway", 3),
            ("itinerary", 3),
            ("flight", 3),
            ("flights", 3),
            ("fly to", 3),
            ("train to", 3),
            ("train ticket", 3),
            ("train tickets", 3),
            ("visit", 1),
            ("plan", 1),
            ("weekend in", 2),
            ("go to", 1),
            ("head to", 1),
        ],
    ),
    (
        IntentKind::ProductBuy,
        &[
            ("买", 3),
            ("购买", 3),
            ("下单", 3),
            ("下个单", 3),
            ("囤", 3),
            ("stock up on", 3),
            ("入手", 3),
            ("帮我挑", 3),
            ("订购", 3),
            ("想要", 1),
            ("需要", 1),
            ("buy", 3),
            ("stock up on", 4),
            // `I'm out of toothpaste, can you reorder it`: getting more of what ran out.
            ("reorder", 3),
            ("re-order", 3),
            ("replenish", 3),
            ("restock", 2),
            ("purchase", 3),
            ("get me", 2),
            ("order", 1),
            ("i need", 1),
            ("need", 1),
            ("shop for", 3),
            ("want", 1),
            ("pick up", 2),
            ("grab me", 2),
            ("snag me", 2),
            ("snag a", 2),
            ("snag some", 2),
            ("pick me up", 2),
            ("grab a", 2),
            ("grab some", 2),
            ("get a", 2),
            ("get some", 1),
            ("order me", 2),
            ("need a", 1),
            ("before i go", 2),
            ("before i leave", 2),
            ("before my trip", 2),
            ("出发前", 2),
            ("走之前", 2),
            // `add two phone cases to my cart`, `把保鲜膜加入购物车`: what goes in the cart is bought.
            ("购物车", 3),
            ("my cart", 3),
            ("the cart", 3),
            ("my basket", 3),
            ("shopping cart", 3),
        ],
    ),
    (
        IntentKind::ProductCompare,
        &[
            ("比价", 4),
            ("比一下价", 4),
            // `帮我比比小米手环的价格`, `比一下戴森吹风机`: the verb of comparing.
            ("比比", 3),
            ("比一下", 3),
            ("比较", 3),
            ("对比", 3),
            ("便宜", 2),
            ("哪里便宜", 4),
            ("哪家便宜", 4),
            ("最低价", 4),
            ("价格", 2),
            ("多少钱", 2),
            ("值不值", 2),
            ("贵不贵", 2),
            ("别家", 2),
            ("网上", 2),
            ("online", 2),
            ("会不会便宜", 3),
            ("会便宜", 3),
            ("划算", 2),
            ("compare", 4),
            ("cheaper", 3),
            ("cheapest", 3),
            ("best price", 4),
            ("best deal", 4),
            ("cheapest place", 4),
            ("哪里最便宜", 4),
            ("best place to buy", 4),
            ("price", 2),
            ("prices", 2),
            ("how much", 2),
            ("worth it", 2),
            ("elsewhere", 2),
            ("good deal", 3),
            ("better deal", 3),
            ("cost", 2),
            ("for less", 3),
            ("better price", 4),
            ("lowest price", 4),
            ("别的地方", 3),
            ("别处", 3),
            ("卖多少", 2),
            ("最划算", 4),
            ("哪里买", 2),
            ("哪儿买", 2),
            ("where to buy", 2),
            ("where can i buy", 2),
            ("overpriced", 4),
            ("too much", 2),
            ("rip-off", 3),
            ("rip off", 3),
            ("别的店", 3),
            ("其他店", 3),
            ("其他地方", 3),
            ("other stores", 3),
            ("other shops", 3),
            ("太贵", 2),
            ("贵了", 2),
            ("值这个价", 4),
            ("值得买", 4),
            ("worth buying", 4),
            ("这个价", 2),
        ],
    ),
    (
        IntentKind::ProductStock,
        &[
            ("有货", 4),
            ("有没有货", 4),
            ("库存", 4),
            ("还有吗", 2),
            ("有卖", 3),
            ("卖不卖", 3),
            ("卖吗", 3),
            ("缺货", 4),
            ("没货", 4),
            ("现货", 4),
            ("有没有", 1),
            ("卖", 1),
            ("in stock", 4),
            ("in the back", 3),
            ("stock", 3),
            ("do they have", 3),
            ("do you have", 2),
            ("have any", 1),
            ("available", 2),
            ("sell", 2),
            ("sold out", 3),
            ("carry", 2),
            ("does this shop have", 4),
            ("does this store have", 4),
        ],
    ),
    (
        IntentKind::PlaceFind,
        &[
            ("附近", 2),
            ("想吃", 2),
            // `我想先吃一碗面条`: the wish with `先` (first) inside it.
            ("想先吃", 2),
            ("want to eat", 2),
            ("feel like eating", 2),
            ("周围", 2),
            ("周边", 2),
            ("哪里有", 2),
            ("哪儿有", 2),
            // `哪有卖烤红薯的`: asked where one sells it (a bare `哪有` may be rhetorical).
            ("哪有卖", 2),
            ("公里", 1),
            ("米内", 1),
            ("分钟内", 1),
            ("步行", 1),
            ("within", 1),
            ("找", 1),
            ("推荐", 2),
            ("最近的", 2),
            ("在哪", 2),
            ("有没有", 1),
            ("nearby", 2),
            ("near me", 3),
            ("near here", 3),
            ("around here", 2),
            ("find", 1),
            ("nearest", 2),
            ("closest", 2),
            ("recommend", 2),
            ("is there a", 1),
            ("looking for", 1),
            ("where can i", 1),
            ("where is", 1),
            ("where's", 1),
            ("any good", 1),
            ("search for", 1),
            ("open now", 1),
            ("that's open", 1),
            ("still open", 1),
            ("还在营业", 1),
            ("营业中", 1),
            ("24小时", 1),
            ("哪里可以", 2),
            ("哪里能", 2),
            ("near", 1),
            ("somewhere", 1),
            ("open late", 1),
            ("米以内", 1),
            ("公里以内", 1),
            ("哪儿可以", 2),
            ("24 hours", 1),
            ("开着", 1),
            ("craving", 2),
            ("could go for", 2),
            ("'d go for", 2),
            ("would go for", 2),
            ("dying for", 2),
            ("hankering for", 2),
            ("i fancy", 2),
            ("嘴馋", 2),
            ("go for some", 2),
            ("in the mood for", 2),
            ("anywhere close", 2),
            ("anywhere nearby", 2),
            ("close by", 2),
            ("找个", 2),
            ("找家", 2),
            ("找一家", 2),
            ("去哪", 2),
            ("有什么好吃", 3),
            ("place for", 2),
            ("想喝", 2),
            ("喝点", 1),
            ("want to drink", 2),
            ("want a drink", 2),
        ],
    ),
    (
        IntentKind::PlaceInfo,
        &[
            ("评分", 4),
            ("评价", 3),
            ("怎么样", 1),
            ("几点关门", 4),
            // `What are the timings of China Silk Museum`: opening hours in Indian English.
            ("timings", 4),
            // `晚上几点关`: the hours said short.
            ("几点关", 4),
            ("几点开门", 4),
            ("营业时间", 4),
            ("营业到", 3),
            ("开到几点", 4),
            ("好不好", 2),
            ("口碑", 3),
            ("电话", 3),
            ("人均", 3),
            ("好吃吗", 3),
            ("值得去", 2),
            ("rating", 4),
            ("rated", 3),
            ("reviews", 4),
            ("review", 3),
            ("how is", 2),
            ("is it good", 3),
            ("any good", 2),
            ("what time does", 3),
            ("closes", 3),
            ("close", 1),
            ("opening hours", 4),
            ("hours", 2),
            // `what are the timings of this place`: South Asian English for opening hours.
            ("timings", 3),
            ("open until", 4),
            ("phone number", 3),
            ("what is this place", 4),
            ("is this place", 2),
            ("worth visiting", 2),
            ("info on", 2),
            ("when does", 2),
            ("when do they", 2),
            ("几点营业", 4),
            ("这是哪", 3),
            ("打烊", 4),
            ("好评", 3),
            ("差评", 3),
            ("reservations", 3),
            ("reservation", 3),
            ("订位", 3),
            // `这家要不要预约`, `do I need a reservation`: booking a table asked about.
            ("预约", 2),
            ("book a table", 3),
            ("订座", 3),
            ("people say", 3),
            ("开始营业", 4),
            ("刷卡", 3),
            // Which ways of paying the place takes (`这家店能用微信付吗`, `do they take Alipay`).
            ("能用微信", 3),
            ("能用支付宝", 3),
            ("可以用微信", 3),
            ("可以用支付宝", 3),
            ("take alipay", 3),
            ("take wechat", 3),
            ("accept alipay", 3),
            ("accept wechat", 3),
            ("pay with card", 3),
            ("pay by card", 3),
            ("pay with a card", 3),
            ("排队", 2),
            ("等位", 2),
            ("queue", 2),
            ("take cards", 3),
            ("accept cards", 3),
            ("贵不贵", 1),
            ("贵吗", 1),
            ("expensive", 1),
            // `tell me about X, is it pricey`: what a named place costs or is worth is asked
            // of the place, not of a landmark (a landmark needs its word or one in view).
            ("is it pricey", 3),
            ("what do you know about", 2),
            ("is it expensive", 3),
            ("is it worth going", 3),
            ("worth going", 2),
            ("how's", 1),
            ("special about", 2),
            ("famous for", 2),
        ],
    ),
    (
        IntentKind::BikeUnlock,
        &[
            ("开锁", 4),
            ("解锁", 4),
            ("扫码", 3),
            ("单车", 1),
            ("自行车", 1),
            ("骑", 2),
            ("unlock", 4),
            ("bike", 1),
            ("ride", 1),
            ("scan the qr", 3),
            ("scan this", 2),
            ("扫一下", 2),
            // `扫下这只单车`, `扫扫这辆车`: scanning said short.
            ("扫下", 2),
            ("扫扫", 2),
        ],
    ),
    (
        IntentKind::LandmarkGuide,
        &[
            ("介绍", 3),
            ("讲讲", 3),
            ("讲解", 4),
            ("历史", 3),
            ("来历", 4),
            ("故事", 3),
            ("导览", 4),
            ("讲一下", 3),
            ("说说", 2),
            ("是什么", 1),
            ("什么地方", 2),
            ("典故", 4),
            ("传说", 3),
            ("tell me about", 2),
            // `tell me everything about this lake`, `give me some background`: a guide asked
            // for without a guide word.
            ("everything about", 3),
            ("all about", 2),
            ("background", 3),
            ("history", 3),
            ("story", 3),
            ("stories", 3),
            ("what is this", 1),
            ("guide", 2),
            ("tour", 2),
            ("explain", 2),
            ("what am i looking at", 3),
            ("learn about", 3),
            ("interesting about", 3),
            ("fun facts", 3),
            ("landmark", 2),
            ("legend", 3),
            ("overview", 3),
            ("introduce", 3),
            ("概况", 3),
            ("来头", 3),
            // `简单科普一下`: to be explained plainly, as to a layman.
            ("科普", 3),
            ("tell me more", 2),
            ("rundown", 3),
            ("short version", 3),
            // `the two-minute version`, `the long version`: a guide of a length.
            ("minute version", 3),
            ("long version", 3),
            ("quick version", 3),
            ("the gist", 3),
            ("intro", 3),
            ("introduction", 3),
            ("以前是", 3),
            ("used to be", 3),
            // `who is buried here`, `这里葬的是谁`: who lies there.
            ("buried", 3),
            ("葬", 3),
            ("built", 2),
            ("建的", 3),
            ("建于", 3),
            ("建成", 3),
            ("修建", 3),
            ("哪年", 2),
            // `三潭印月简单说两句`, `say a few words about the Broken Bridge`: a short guide.
            ("说两句", 3),
            ("讲两句", 3),
            ("说几句", 3),
            ("讲几句", 3),
            ("a few words", 3),
            ("a few sentences", 3),
            ("in a nutshell", 3),
            // `…, keep it short`: how long an answer should be, said of something in view.
            ("keep it short", 3),
            ("keep it brief", 3),
            ("make it quick", 3),
            ("make it short", 3),
            ("a bit about", 2),
        ],
    ),
    (
        IntentKind::FoodOrder,
        &[
            ("外卖", 5),
            ("点餐", 3),
            ("点一份", 3),
            ("点份", 3),
            ("点个", 2),
            ("订餐", 3),
            // `中午订个饭，来六份东坡肉套餐`: a meal booked is food, and what comes after it too.
            ("订个饭", 3),
            ("订饭", 3),
            ("订份饭", 3),
            ("送餐", 3),
            ("叫个", 2),
            ("叫份", 3),
            ("点", 1),
            ("takeout", 4),
            ("takeaway", 4),
            ("take-out", 4),
            ("delivery", 2),
            ("deliver", 1),
            ("delivered", 1),
            ("order food", 4),
            ("food delivered", 4),
            ("order some", 2),
            ("order", 1),
        ],
    ),
    (
        IntentKind::Navigate,
        &[
            ("导航", 5),
            // `帮我导一下`: colloquial for showing the way.
            ("导一下", 3),
            ("骑车去", 2),
            ("骑去", 2),
            ("去", 1),
            ("ride to", 2),
            ("cycle to", 2),
            ("walk to", 2),
            ("go to", 1),
            ("怎么走", 5),
            ("怎么去", 4),
            // `给我指个路`, `往哪边走`: the way asked for in other words.
            ("指个路", 5),
            ("指条路", 5),
            ("指路", 5),
            ("往哪边走", 5),
            ("往哪走", 5),
            // `公交怎么坐`, `地铁怎么坐`, `坐几路`, `which bus goes to …`: how to take a means there.
            ("怎么坐", 4),
            ("坐几路", 4),
            ("坐哪路", 4),
            ("which bus", 4),
            ("what bus", 4),
            ("which metro", 4),
            ("which subway", 4),
            // `…，然后带我走过去`, `then walk me over there`: the way to what was just named.
            ("带我过去", 4),
            ("带我走过去", 4),
            ("walk me over", 4),
            ("take me over", 4),
            ("take me there", 4),
            ("walk me there", 4),
            ("带我去", 4),
            ("路线", 3),
            ("怎么到", 4),
            ("navigate", 5),
            ("directions", 5),
            ("take me to", 4),
            // `Drive me to …`, `run me to the station` (British, Irish), `送我去机场`: taken there.
            ("drive me to", 4),
            ("drive us to", 4),
            ("run me to", 4),
            ("drop me at", 4),
            ("drop me off at", 4),
            // Indian English `drop me to`, Nigerian and Southern US `carry me to`.
            ("drop me to", 4),
            ("carry me to", 4),
            ("送我去", 4),
            ("take me home", 4),
            ("get me home", 4),
            ("walk me home", 4),
            ("带我回家", 4),
            ("take me back to", 4),
            ("get me back to", 4),
            ("get back to", 4),
            ("walk me back to", 4),
            ("which way", 3),
            ("多远", 3),
            ("get to", 1),
            ("how do i get to", 5),
            ("how to get to", 5),
            // `How to go to Sijiqing market?`, `how do I go to …`: going asked as getting there.
            ("how to go to", 5),
            ("how do i go to", 5),
            ("how do i get there", 5),
            ("how do we get there", 5),
            ("how do we get to", 5),
            ("route to", 4),
            ("route me to", 4),
            ("带我走到", 4),
            ("带我到", 4),
            ("way to", 3),
            // `show me the way back to my hotel`.
            ("way back to", 4),
            ("show me the way", 4),
            ("walk me to", 4),
            ("guide me to", 4),
            ("guide me there", 4),
            ("lead me there", 4),
            ("领我去", 4),
            ("领我过去", 4),
            ("get me to", 4),
            ("how far", 3),
            ("lead me to", 4),
        ],
    ),
    (
        IntentKind::SignTranslate,
        &[
            ("翻译", 5),
            // `翻翻这牌子`, `翻一下`: translating said short; Wu `写个啥物事` (`个` for `的`).
            ("翻翻", 4),
            ("翻一下", 4),
            ("写个什么", 5),
            ("写的什么", 5),
            ("写的啥", 5),
            ("写了什么", 5),
            ("写着什么", 5),
            ("写的是什么", 5),
            ("写了啥", 5),
            ("写了些", 5),
            ("上说了", 4),
            ("上写了", 4),
            ("印了些", 5),
            ("上面写", 3),
            ("什么意思", 3),
            ("啥意思", 3),
            ("怎么说", 2),
            ("念给我听", 4),
            ("读给我听", 4),
            ("translate", 5),
            ("translation", 5),
            ("what's written", 5),
            ("what is written", 5),
            ("written here", 4),
            ("read this", 4),
            ("read that", 4),
            ("read it to me", 4),
            ("read me", 3),
            ("what does it mean", 3),
            ("mean in english", 4),
            ("mean in chinese", 4),
            ("what it says", 4),
            ("into english", 4),
            ("into chinese", 4),
            ("成英文", 4),
            ("成中文", 4),
            ("成中国话", 4),
            ("念一下", 4),
            ("读一下", 4),
            ("what this says", 4),
            ("what that says", 4),
            ("how do you say", 4),
            ("how to say", 4),
            ("印的", 3),
            ("上面印", 4),
            ("上面是什么", 4),
            ("什么字", 4),
            ("写着", 3),
            ("写的是", 4),
            ("上说什么", 4),
            ("上面说", 4),
            ("说的什么", 3),
            ("全是英文", 4),
            ("都是英文", 4),
            ("全是中文", 4),
            // `menu's all in Chinese, help`: a thing in a language the wearer cannot read.
            ("all in chinese", 4),
            ("all in english", 4),
            ("都是中文", 4),
            ("看不懂", 4),
            ("can't read", 3),
            ("说了什么", 3),
            ("告示", 3),
            ("these characters", 4),
            ("翻一下", 4),
            ("read out", 4),
            ("on this sign", 4),
            ("on the sign", 4),
            ("on that sign", 4),
            ("说的是什么", 4),
            ("understand this", 3),
            ("characters", 2),
            ("念什么", 4),
            ("怎么念", 4),
        ],
    ),
];

/// Narrative cues that ask for a guide only about a landmark named or pointed at (`讲个故事`
/// alone is small talk).
const NARRATIVE_CUES: Words = words![
    "buried",
    "葬",
    "故事",
    "传说",
    "story",
    "stories",
    "legend",
    "以前是",
    "used to be",
    "built",
    "建的",
    "建于",
    "建成",
    "修建",
    "哪年",
];

/// Pointers that take the measure word of a thing sold (`这款`, `这双`): a thing in view.
const THING_POINTED: Words = words!["这款", "这双", "这件", "这瓶", "这种", "这盒", "这包"];

/// Words that point at something in view (`this`, `这座`), for cues that need a referent.
const POINTING: Words = words!["这", "那", "它", "this", "that", "these", "here", "it"];

/// Words that point at the place in view (they make a question about it `place.info`).
pub const PLACE_REFERENCES: Words = words![
    "这家店",
    "这家",
    // `嗰家店咋话样` (said `那家店怎么样`): the one the wearer points at across the street (not
    // `那家` alone: `那家乐福`, `那家具城`).
    "那家店",
    "这个地方",
    "这里",
    "这儿",
    "这店",
    "店里",
    "this place",
    "this shop",
    "this store",
    "this restaurant",
    "这个餐厅",
    "这家餐厅",
    "这个店",
    // `这个饭店咋样`, `这家馆子贵不贵`: the eating place in view by its kind.
    "这个饭店",
    "这家饭店",
    "这个馆子",
    "这家馆子",
    "this cafe",
    "this bar",
    "here",
];

/// The shop in view spoken of as its people (`他们家还有雨伞吗`, `你们家几点关门`, `does their
/// shop have umbrellas`): these point at the place in view too.
pub const SHOP_AS_ITS_PEOPLE: Words = words![
    "他们家",
    "他家",
    "你们家",
    "你们店",
    "你们这儿",
    "你们这里",
    "你们这",
    // `问问店员有没有雨伞`: the people who work in the shop in view.
    "店员",
    "服务员",
    "the staff",
    "the clerk",
    "their shop",
    "their store",
    "their place",
];

/// Whether `text` points at the place in view (`这家店`, `this shop`, `here`), not at the
/// wearer's surroundings (`near here`, `close to here`, `around here`).
pub fn refers_to_place_in_view(text: &str) -> bool {
    PLACE_REFERENCES.iter().chain(SHOP_AS_ITS_PEOPLE).any(|w| {
        occurrences(text, w).any(|(start, _)| {
            // `离这儿近一点的菜市场`: near here is where one is, not the place in view.
            let near_here = text[..start].ends_with('离');
            !near_here
                && (w != "here"
                    || !words!["near ", "close to ", "around ", "from ", "near to "]
                        .iter()
                        .any(|p| text[..start].ends_with(p)))
        })
    })
}

/// Byte ranges of every cue word of any kind in `text` (so the item text can skip them), but
/// those that start the name of the thing bought (`买个电话手表`).
pub fn cue_spans(text: &str) -> Vec<(usize, usize)> {
    TRIGGERS
        .iter()
        .flat_map(|(_, cues)| cues.iter())
        .flat_map(|(word, _)| cue_occurrences(text, word))
        .filter(|(start, end)| {
            !names_what_is_bought(text, *start, *end)
                && !inside_a_word(text, *start)
                // `步行街`: a cue a street's name goes on from is the street's.
                && !text[*end..].starts_with('街')
        })
        .collect()
}

/// Where cue `word` is said in `text`; a cue ending in the article `a` (`grab a`, `is there a`)
/// is said with `an` too (`grab an electric kettle`).
fn cue_occurrences(text: &str, word: &str) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = occurrences(text, word).collect();
    if let Some(head) = word.strip_suffix(" a") {
        found.extend(occurrences(text, &format!("{head} an")));
    }
    found
}

/// Words whose second character starts a cue (`印的` in `打印的地方`): there the cue is part of
/// the word, not said.
const WORDS_AROUND_CUES: Words = words!["打印", "复印", "影印"];

/// Whether the cue starting at byte `start` begins inside a word ([`WORDS_AROUND_CUES`]).
fn inside_a_word(text: &str, start: usize) -> bool {
    let (Some(before), Some(first)) = (
        text[..start].chars().next_back(),
        text[start..].chars().next(),
    ) else {
        return false;
    };
    WORDS_AROUND_CUES
        .iter()
        .any(|w| w.chars().eq([before, first]))
}

/// Whether `word` is one of `kind`'s cue words.
pub fn is_cue_of(kind: IntentKind, word: &str) -> bool {
    TRIGGERS
        .iter()
        .filter(|(k, _)| *k == kind)
        .any(|(_, cues)| cues.iter().any(|(w, _)| *w == word))
}

/// Score of every kind for a clause: cue words plus lexicon hints, with the cues that need
/// a referent left out without one (see [`discounted`]).
pub fn scores(text: &str) -> Vec<(IntentKind, u32)> {
    // `带一个翻译去广州`: a translator counted (`一个翻译`, `两位翻译`) is a person who comes
    // along, not a sign to translate (the same bytes, so nothing else moves).
    let person;
    let text = if COUNTED_TRANSLATOR.iter().any(|w| text.contains(w)) {
        person = COUNTED_TRANSLATOR.iter().fold(text.to_string(), |t, w| {
            t.replace(w, &w.replace("翻译", "译员"))
        });
        person.as_str()
    } else {
        text
    };
    // `骑车十分钟能到的超市有吗`: how the place is reached (`…到的`) only says how near it is;
    // the question is about the place.
    let text = match text.find("到的") {
        Some(at)
            if {
                let rest = &text[at + "到的".len()..];
                sought_category(rest).is_some() || shop_of_something(rest)
            } =>
        {
            &text[at + "到的".len()..]
        }
        _ => text,
    };
    let has = |lex| !lexicon::find_all(text, lex).is_empty();
    let (cuisine, cooked) = dish_named(text);
    let (city, category, product, food, landmark) = (
        names_a_city(text),
        sought_category(text).is_some(),
        has(lexicon::PRODUCTS),
        has(lexicon::FOODS) || a_meal_ordered(text),
        has(lexicon::LANDMARKS),
    );
    let buying = words!["买", "buy", "purchase"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some());
    let place_reference = refers_to_place_in_view(text);
    let pointing = landmark
        || POINTING
            .iter()
            .any(|w| occurrences(text, w).next().is_some());
    let hints = Hints {
        category,
        product,
        cuisine,
        place_reference,
        pointing,
        city,
        buying,
        about_me: words!["你", "yourself", "about you"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some()),
        focus_told: words!["'s all about", "is all about", "are all about"]
            .iter()
            .any(|w| text.contains(w)),
        asks_where: words![
            "哪",
            "where",
            "附近",
            "nearby",
            "near me",
            "around here",
            "near here",
        ]
        .iter()
        .any(|w| occurrences(text, w).next().is_some()),
        bought: PAST_PURCHASE
            .iter()
            .any(|w| occurrences(text, w).next().is_some()),
        hotel_booked: books_a_hotel(text),
        // A listed good (`where can I buy snow boots`) is found in the catalogue's offers,
        // which say where; food and drink, or a thing not listed, at a place nearby.
        where_sold: where_sold(text) && (!product || food),
        ordering: ordering(text),
        wants_cheapest: wants_cheapest(text),
        set_against: occurrences(text, "怎么样").any(|(start, _)| set_against(text, start)),
        worth_a_visit: words!["值不值得", "值得"].iter().any(|w| {
            text.match_indices(w).any(|(at, _)| {
                let rest = &text[at + w.len()..];
                words!["进去", "去", "来", "逛", "看", "一去", "走一趟"]
                    .iter()
                    .any(|v| rest.starts_with(v))
            })
        }),
        food_named: food || cuisine || cooked,
        // `can I get a bubble tea from Heytea`: asked for at the counter, food is ordered too.
        // `get me a burger`: a listed food asked for alone (no good named, no `buy`) is ordered.
        // `get me a bubble tea delivered to the office`: food brought is ordered too.
        food_ordered: (ordering(text)
            || delivered(text)
            || words![
                "can i get",
                "could i get",
                "can we get",
                "could we get",
                "can i have",
                "could i have",
                "i'll have",
                "grab me",
                "get me",
            ]
            .iter()
            .any(|w| occurrences(text, w).next().is_some()))
            && !buying
            && (food_alone(text) || (!product && (cuisine || cooked))),
        told: TOLD_NOT_ASKED
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
            || remarks_on_weather(text)
            || judges_a_place(text),
    };
    // `知味观咋样，贵不贵`: how good and how dear something named is, no good nor thing pointed
    // at, asks about a place.
    let how_the_place_is = asks_how_good(text)
        && asks_how_dear(text)
        && !product
        && (place_reference || !hints.pointing);
    let out_of_scope = OUT_OF_SCOPE.iter().any(|w| text.contains(w)) || asks_a_fare(text);
    // `奶茶店`, `修车铺`: a shop of something is a kind of place too.
    let category = category || (shop_of_something(text) && !place_reference);
    let a_kind_of_place = category && !place_reference && !named_kind(text);
    // `吃饭`, `加油`: an activity that hints at a kind of place, weaker than naming one.
    let place_named =
        sought_category(text).is_some_and(|activity| !activity) || shop_of_something(text);
    TRIGGERS
        .iter()
        .map(|(kind, cues)| {
            let mut score: u32 = cues
                .iter()
                .filter(|(word, weight)| {
                    cue_occurrences(text, word).into_iter().any(|(start, end)| {
                        !negated(text, start)
                            && !inside_a_word(text, start)
                            && (*kind != IntentKind::TripPlan || !caught(text, start))
                            && (*word != "order" || !an_order_had(text, start))
                            && (*word != "怎么样" || !set_against(text, start))
                            && (*kind != IntentKind::SignTranslate
                                || !reads_what_is_known(text, end))
                            && (*kind != IntentKind::ProductBuy || !directed(text, end))
                            && (*kind == IntentKind::ProductBuy
                                || !names_what_is_bought(text, start, end))
                    }) && !discounted(*kind, word, *weight, &hints)
                })
                .map(|(_, w)| w)
                .sum();
            score += match kind {
                _ if out_of_scope => 0,
                IntentKind::TripPlan | IntentKind::Navigate if hints.told => 0,
                IntentKind::LandmarkGuide if asks_about_landmark(text, landmark) => 2,
                IntentKind::PlaceInfo if how_the_place_is => 4,
                // `帮我开一下这辆单车`: a bike pointed at is one to unlock.
                IntentKind::BikeUnlock if bike_pointed_at(text) => 2,
                // `开一下车号HZBIKE-55821的单车`: a bike's number said with a word of the bike or of
                // opening is one to unlock, in either language.
                IntentKind::BikeUnlock if names_a_bike(text) => 5,
                // `想骑个车到植物园`, `ride a bike over to X`: riding somewhere is a route by bike;
                // an unlock needs a code, scanning or a word of unlocking.
                IntentKind::Navigate if rides_somewhere(text) => 4,
                // `Lingyin Temple how to go ah?`: the place said first, the question closing it
                // (not `how to go about it`).
                IntentKind::Navigate
                    if text.trim_end_matches(['?', ' ']).ends_with(" how to go") =>
                {
                    4
                }
                // `get me to Hangzhou Library on foot`: walking or cycling somewhere is a route,
                // never how a trip is made.
                IntentKind::Navigate
                    if walks_or_cycles(text) && goes_by_mode(text) && !rides_there(text) =>
                {
                    3
                }

                // `get some fresh flowers delivered`: a thing to be brought that is no food.
                IntentKind::ProductBuy if delivered(text) && !food && !cuisine && !cooked => {
                    2 + u32::from(product)
                }
                // `order me some fried chicken`: a listed food ordered is food.
                // `order me a bubble tea`, `帮我点一杯焦糖玛奇朵`: a drink or dish ordered, not
                // bought, is food even when the catalogue sells it too.
                IntentKind::FoodOrder
                    if (food && !product && hints.ordering) || hints.food_ordered =>
                {
                    3
                }
                // `点两份酸辣粉`, `叫三碗面`: portions ordered are food, whatever the dish.
                IntentKind::FoodOrder if orders_portions(text) => 3,
                // `在这家点两个鸡腿堡`: a count of something ordered at the place in view is food.
                IntentKind::FoodOrder if place_reference && orders_here(text) && !buying => 4,
                IntentKind::FoodOrder if portion_put_in_order(text) => 6,
                // `Order nasi lemak to my place`: something no list knows, ordered to where the
                // wearer is, is a meal brought.
                IntentKind::FoodOrder if !product && ordered_to_where_one_is(text, food) => 3,
                // `帮我整一份冒菜，送到公司`, `a plate of char kway teow to my condo`: a serving of
                // anything brought to the wearer is a meal, whatever the verb and the dish.
                IntentKind::FoodOrder
                    if (!product || cups_brought(text)) && serving_brought(text) =>
                {
                    4
                }
                // `get me a burrito delivered`: a dish to be brought is food.
                IntentKind::FoodOrder if !product && delivered(text) && (cuisine || cooked) => 3,
                // `还有没有43码的`, `do they have it in a 44`: a size asked after.
                IntentKind::ProductStock if asks_has(text) && says_a_size(text) => 3,
                // `帮我订下个月初去西双版纳的票`, `book me a ticket to Dali`: a ticket booked to
                // somewhere is a journey, wherever it goes.
                IntentKind::TripPlan if books_a_ticket(text) => 3,
                // A city on a day is a journey (`大后天去杭州东站坐车回上海`).
                IntentKind::TripPlan if city => 2 + u32::from(says_a_day(text)),
                // `周末两天去趟绍兴`, `想周末去趟莫干山`: going somewhere on a day for a stay, or
                // making a journey there, is a trip wherever it is.
                IntentKind::TripPlan
                    if says_a_day(text)
                        && (says_a_stay(text)
                            || (!category
                                && words!["去趟", "去一趟", "跑一趟"]
                                    .iter()
                                    .any(|w| text.contains(w)))) =>
                {
                    3
                }
                // `我想去清迈玩五天`, `go to Bangkok for four days`: going somewhere for a stay
                // is a trip, wherever it is and whenever.
                IntentKind::TripPlan if says_a_stay(text) && goes_somewhere(text) && !category => 3,
                // `想去Osaka玩`: a place said in Latin letters inside Chinese, gone to for a stay
                // or a holiday, is a place abroad by its own name: a trip.
                IntentKind::TripPlan if goes_abroad_by_name(text) && !landmark && !category => 3,
                // `五一带全家去景德镇，…，帮我排一下`, `go to Wuyuan on Saturday, sort it out for
                // me`: going somewhere on a day with the going asked to be planned (`排一下`, not
                // `排队`) is a trip.
                IntentKind::TripPlan
                    if says_a_day(text)
                        && goes_somewhere(text)
                        && !landmark
                        && !category
                        && words![
                            "排一下",
                            "排个",
                            "排下",
                            "安排",
                            "规划",
                            "plan",
                            "sort it out",
                            "sort out",
                        ]
                        .iter()
                        .any(|w| occurrences(text, w).next().is_some()) =>
                {
                    3
                }
                // `我跟老公想周末去舟山吃海鲜`: going somewhere unlisted on a day with company is a
                // trip (a landmark or a kind of place named is a route or a search); so is one
                // with a party counted or a budget (`下周五回南宁，一个人，预算八百块`).
                IntentKind::TripPlan
                    if says_a_day(text)
                        && goes_somewhere(text)
                        && (companions(text, &crate::intent::numbers::find_numbers(text))
                            .is_some()
                            || says_a_party_or_budget(text))
                        && !landmark
                        && !category =>
                {
                    3
                }
                // `改去杭州站`: going to a city's station (and to no other city) is a route.
                IntentKind::Navigate
                    if goes_somewhere(text)
                        && !city
                        && lexicon::find_all(text, lexicon::CITIES)
                            .iter()
                            .any(|c| lexicon::station_end(text, c).is_some()) =>
                {
                    3
                }
                // A kind of place named, not the one in view, is looked for (`I need an ATM`,
                // `any pharmacies open right now`).
                // `龙翔桥那边有没有好点的火锅`: food or a kind of place asked for near a place
                // named is looked for there.
                IntentKind::PlaceFind => {
                    2 * u32::from(
                        (food || cuisine || category || text.contains("好吃"))
                            && !hints.ordering
                            && named_near(text).is_some(),
                    ) + 3 * u32::from(hints.where_sold)
                        + 2 * u32::from(eatery_named(text, food || cuisine))
                        + u32::from(a_kind_of_place)
                        + u32::from(a_kind_of_place && place_named)
                        + u32::from(cuisine)
                }
                // `…，住一晚`, `stay two nights`: nights of lodging are a trip's.
                IntentKind::TripPlan
                    if says_a_stay(text)
                        && words!["住", "night"].iter().any(|w| text.contains(w))
                        && !category =>
                {
                    3
                }
                // Booking a hotel is part of a trip (`帮我订个酒店住三晚`).
                IntentKind::TripPlan if books_a_hotel(text) => 2,
                IntentKind::ProductBuy if hints.bought => 0,
                IntentKind::ProductBuy => {
                    u32::from(product)
                        + 2 * u32::from(asks_for_some(text) || (!food && gets_a_number_of(text)))
                        + u32::from(orders_a_thing(text, food || hints.food_ordered))
                }
                // `is this in stock anywhere nearby`, `附近哪家店有这个的现货`: where the thing in
                // view is had is a stock question about it, not a search for a kind of place.
                IntentKind::ProductStock if this_had_nearby(text) => 8,
                // `这家店有雪地靴吗`, `店里有保温杯吗`, `do you guys have oat milk`: whether the
                // shop in view has something, listed or not.
                IntentKind::PlaceInfo if !product && asks_for_facility(text) => 4,
                IntentKind::ProductStock if !product && asks_for_facility(text) => 0,
                // `屈臣氏有没有卸妆水`, `does Watsons have sunscreen`, `他们还有没有饭团`: a
                // question about having something put to a shop named, or to its people.
                IntentKind::ProductStock
                    if asked_of(text).is_some() && !hints.asks_where && !a_having_told(text) =>
                {
                    3 + u32::from(product)
                }
                IntentKind::ProductStock
                    if (place_reference && asks_has(text) && (product || !category))
                        && !hints.asks_where
                        && !NARRATIVE_CUES.iter().any(|w| text.contains(w))
                        || asks_if_sold(text) =>
                {
                    3 + u32::from(product)
                }
                // `is there any of this left`, `any umbrellas left`: what is left of something.
                IntentKind::ProductStock
                    if asks_has(text)
                        && occurrences(text, "left").next().is_some()
                        && !hints.asks_where =>
                {
                    3
                }
                // `这款耳机还有白色的吗`: whether the thing pointed at comes in another way.
                IntentKind::ProductStock
                    if THING_POINTED.iter().any(|w| text.contains(w))
                        && asks_has(text)
                        && (text.ends_with('吗') || text.ends_with('?'))
                        && !hints.asks_where =>
                {
                    3
                }
                IntentKind::ProductStock if product => 1,
                IntentKind::ProductCompare if compares_price(text) => 3,
                IntentKind::PlaceInfo if asks_hours_of(text, place_reference, a_kind_of_place) => 3,
                // `get us a taxi to Hangzhou International Expo Center`: a taxi hailed somewhere is
                // a route, even when a city's name opens the place.
                IntentKind::Navigate
                    if goes_by_mode(text)
                        && (!city || hails_a_ride(text))
                        && !rides_there(text) =>
                {
                    2 + u32::from(hails_a_ride(text))
                }
                // `Drive me to Hangzhou Olympic Sports Center`: a ride given, no means named.
                IntentKind::Navigate if hails_a_ride(text) => 3,
                IntentKind::FoodOrder if food => 1 + 2 * u32::from(!product && asks_for_some(text)),
                // `order curry from this restaurant`: what a restaurant is asked for is food.
                IntentKind::FoodOrder if from_a_restaurant(text) => 2,
                IntentKind::LandmarkGuide | IntentKind::Navigate if landmark => 1,
                // `他们家的奶茶好喝吗`, `is the food here any good`: how good the place in view is.
                IntentKind::PlaceInfo if place_reference && asks_how_good(text) => 3,
                // `do they take Visa here`, `收不收现金`: a way of paying the place takes.
                IntentKind::PlaceInfo if takes_payment(text) => 3,
                // `他们家招牌菜是啥`, `what's their signature dish`: what the place serves best.
                IntentKind::PlaceInfo if asks_specialty(text) && !hints.ordering => 4,
                // `tell me about the Lost Heaven restaurant`: being told about a kind of place
                // that is no landmark asks about the place.
                IntentKind::PlaceInfo
                    if category && !landmark && !hints.asks_where && tells_about_it(text) =>
                {
                    3
                }
                // `What can you tell me about Louwailou?`: a name no list knows, told about,
                // is a place (a landmark would be listed).
                IntentKind::PlaceInfo
                    if !(landmark || city || product || food || cuisine || pointing)
                        && tells_about_a_name(text) =>
                {
                    3
                }
                IntentKind::PlaceInfo if place_asked_what_it_is(text).is_some() => 4,
                IntentKind::PlaceInfo if place_reference => 1,
                IntentKind::SignTranslate if says_what(text) || reads_something(text) => 5,
                // `This sign. English, please.`: a language asked for on its own.
                IntentKind::SignTranslate if asks_for_a_language(text) => 4,
                _ => 0,
            };
            let weather = *kind == IntentKind::TripPlan && asks_weather(text);
            // A ride somewhere with no code, scan or word of unlocking unlocks nothing; a walk or
            // a ride is never a trip.
            let not_an_unlock = *kind == IntentKind::BikeUnlock
                && (rides_somewhere(text) || rides_there(text))
                && !unlocks(text);
            let not_a_trip = *kind == IntentKind::TripPlan
                && (walks_or_cycles(text) && !rides_there(text) || hails_a_ride(text));
            // `stock up on instant noodles`: laying in a supply is buying, not asking stock.
            let stock_up =
                *kind == IntentKind::ProductStock && occurrences(text, "stock up").next().is_some();
            let place_not_price = *kind == IntentKind::ProductCompare && how_the_place_is;
            // `should I carry an umbrella`, `明天要不要带把伞`: whether to take a thing along is
            // advice, not a purchase or a stock question.
            let take_along = matches!(
                kind,
                IntentKind::ProductBuy | IntentKind::ProductStock | IntentKind::ProductCompare
            ) && asks_whether_to_take(text)
                && !buying;
            (
                *kind,
                if out_of_scope
                    || weather
                    || stock_up
                    || take_along
                    || not_an_unlock
                    || not_a_trip
                    || place_not_price
                {
                    0
                } else {
                    score
                },
            )
        })
        .collect()
}

/// `我要赶高铁`, `赶飞机`, `I have to catch my flight`: a departure hurried to (`赶`, `赶上`,
/// `catch`, `make`, with `my`/`the`/`a` between), or the wearer's own named alone at a
/// clause's start (`hurry, my flight`), is the reason for a ride, not a journey to plan; the
/// cue at `start` is the means caught.
fn caught(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let before = words!["my", "the", "a", "our", "an"]
        .iter()
        .find_map(|w| before.strip_suffix(w).filter(|b| b.ends_with(' ')))
        .map_or(before, str::trim_end);
    // `…, hurry, my flight`: the wearer's own departure named alone, the reason for hurrying.
    let own = words!["my", "our", "我的"].iter().any(|w| {
        text[..start]
            .trim_end()
            .strip_suffix(w)
            .is_some_and(|b| b.trim_end().is_empty() || b.trim_end().ends_with(','))
    });
    own || words!["赶", "赶上", "赶趟", "catch", "make"]
        .iter()
        .any(|w| before.ends_with(w))
}

/// `should I carry an umbrella or not`, `is it necessary to bring a jacket`, `要不要带把伞`: a
/// question whether to take a thing along (a verb of carrying right after the asking).
fn asks_whether_to_take(text: &str) -> bool {
    const WHETHER: Words = words![
        "should i",
        "should we",
        "do i need to",
        "do we need to",
        "necessary to",
        "要不要",
        "需不需要",
        "用不用",
        "该不该",
    ];
    const TAKE: Words = words!["carry", "bring", "take", "wear", "pack", "带", "穿"];
    // `需要带伞吗`, `用带外套吗`: the same asked with a closing `吗`.
    let asked = text.contains('吗');
    let whether = if asked {
        words!["需要", "用", "得", "要"]
    } else {
        words![]
    };
    WHETHER.iter().chain(whether).any(|w| {
        occurrences(text, w).any(|(_, end)| {
            let rest = text[end..].trim_start();
            TAKE.iter().any(|t| rest.starts_with(t))
        })
    })
}

/// Surfaces of kinds of place that name an activity rather than the place (`吃饭`, `加油`).
const ACTIVITIES: Words = words![
    "吃饭",
    "吃的",
    "好吃的",
    "取钱",
    "取现",
    "取款",
    "加油",
    "shopping",
    "food",
    "parking",
];

/// Words before a kind of place that make it where something is delivered or where the wearer
/// is, not what is looked for (`送到酒店`, `to my hotel`, `I'm at the hotel`).
const DELIVERED_TO: Words = words![
    "送到",
    "送去",
    "送至",
    "to my",
    "to the",
    "to our",
    "i'm at the",
    "i'm at",
    "we're at the",
    "我在",
];

/// Words before a kind of place that make it the means of going (`take the metro`, `坐地铁`).
const MEANS_BEFORE: Words = words![
    "take the",
    "take a",
    "taking the",
    "by",
    "坐",
    "乘",
    "搭",
    "坐个",
    "乘坐",
];

/// The first kind of place a clause asks for, with whether it is only an activity (`吃饭`):
/// not one inside a product's name (`power bank`), one the order is delivered to (`送到酒店`)
/// or the place in view (`this store`).
fn sought_category(text: &str) -> Option<bool> {
    let products = lexicon::find_all(text, lexicon::PRODUCTS);
    let references: Vec<(usize, usize)> = PLACE_REFERENCES
        .iter()
        .flat_map(|w| occurrences(text, w).collect::<Vec<_>>())
        .collect();
    lexicon::find_all(text, lexicon::CATEGORIES)
        .into_iter()
        .find(|c| {
            let inside = |(s, e): (usize, usize)| s < c.end && c.start < e;
            let head = text[..c.start].trim_end();
            // `这家超市`: the kind of the place in view, pointed at, not looked for.
            let pointed = words!["这家", "这个", "这间", "那家", "this", "that"]
                .iter()
                .any(|w| head.ends_with(w));
            !pointed
                // `power bank` is a product, but `咖啡馆` is a place whatever `咖啡` is.
                && !products.iter().any(|p| {
                    let within = c.start <= p.start && p.end <= c.end && p.end - p.start < c.end - c.start;
                    inside((p.start, p.end)) && !within
                })
                && !references.iter().any(|r| inside(*r))
                && !DELIVERED_TO.iter().any(|w| head.ends_with(w))
                // `I'll take the metro`, `我坐地铁`: a means of going, not a place looked for.
                && !MEANS_BEFORE.iter().any(|w| head.ends_with(w))
        })
        .map(|c| ACTIVITIES.contains(&text[c.start..c.end]))
}

/// `get me there`, `get me to the station`: a way, not a purchase.
fn directed(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start();
    words!["there", "to ", "home", "back"]
        .iter()
        .any(|w| rest.starts_with(w))
}

/// Words that take back the verb right after them (`不买了`, `别点`, `don't buy`).
const NEGATIONS: Words = words![
    "不",
    "别",
    "不用",
    "不要",
    "不想",
    "不打算",
    "不需要",
    "don't ",
    "do not ",
    "never ",
    "don't want to ",
    "don't need to ",
    "do not want to ",
];

/// Whether the cue starting at byte `start` is negated by the word right before it.
fn negated(text: &str, start: usize) -> bool {
    let head = &text[..start];
    // `要不要预约`: a verb said, negated and said again before the cue asks whether.
    let mut last = head.chars().rev();
    if let (Some(a), Some('不' | '没'), Some(b)) = (last.next(), last.next(), last.next())
        && a == b
    {
        return false;
    }
    // `开不开门`, `营不营业`, `卖不卖`: a verb said, then negated, then said again asks whether.
    if let Some(verb) = head
        .strip_suffix(['不', '没'])
        .and_then(|h| h.chars().next_back())
        && text[start..].starts_with(verb)
    {
        return false;
    }
    NEGATIONS.iter().any(|n| {
        head.strip_suffix(n).is_some_and(|before| {
            // `今天特别想吃火锅`: a one-character negation glued to the character before it is
            // part of another word (`特别`, `区别`).
            n.chars().count() > 1
                || before
                    .chars()
                    .next_back()
                    .is_none_or(|c| !GLUED_BEFORE.contains(c))
        })
    })
}

/// Requests the assistant has no intent for (calls, messages, alarms, reminders): a cue word in
/// them (`电话`) asks nothing of a place.
const OUT_OF_SCOPE: Words = words![
    "打电话",
    "打个电话",
    "发微信",
    "发个微信",
    "发消息",
    "发短信",
    "闹钟",
    "提醒我",
    "call my",
    "text my",
    "send a message",
    "set an alarm",
    "set a timer",
    "spell",
    "怎么拼",
    "快递到",
    "包裹",
    "my package",
    "where is my order",
    "花了多少",
    "how much did i spend",
    "spent",
    "remind me",
    "reminder",
    "shopping list",
    "to-do",
    "备忘",
    "记一下",
    // `what is the timing of the last metro`, `末班地铁几点`: a timetable is no route, guide or
    // place.
    "last metro",
    "last train",
    "last bus",
    "first metro",
    "first train",
    "first bus",
    "末班",
    "首班",
    // `这趟去昆明的货咋个发最便宜`, `cheapest way to ship this box`: goods sent by freight or
    // post.
    "货怎么发",
    "怎么发货",
    "发货",
    "寄快递",
    "发快递",
    "怎么寄",
    "ship this",
    "ship a parcel",
    "send a parcel",
    "post a parcel",
];

/// Nouns of things a guide is about (`这是什么塔`, `this temple`); also what tells a question of
/// what the thing in view is from one about another thing (`parse::names_another_thing`).
pub(super) const LANDMARK_NOUNS: Words = words![
    "塔", "寺", "庙", "桥", "亭", "阁", "宫", "殿", "碑", "像", "堤", "墓", "城墙", "temple",
    "pagoda", "tower", "bridge", "statue", "monument", "church", "palace", "gate", "shrine",
    "causeway", "tomb", "street", "lane", "old town", "老街", "古镇",
];

/// Words asking to be told about something.
const TELL_ABOUT: Words = words![
    "什么",
    "讲",
    "说说",
    "说一下",
    "tell",
    "what",
    "more about",
    "rundown",
    "intro",
    "about",
    "多高",
    "多老",
    "多少年",
    "how tall",
    "how old",
    // Why it is what it is (`why is this bridge so famous`, `这座桥为啥叫断桥`).
    "为什么",
    "为啥",
    // `这个塔跟白娘子有啥关系`: `啥` is `什么`, said loosely.
    "啥",
    "why",
    "how come",
    // Who made it (`这条堤是谁修的`, `who built this gate`).
    // How it came to be (`三潭印月是怎么来的`, `how did it get its name`).
    "怎么来",
    "由来",
    "how did",
    // What it is for (`这个寺庙是干嘛的`, `what's this building for`).
    "干嘛",
    "干什么",
    "what's it for",
    "谁修",
    "谁建",
    "谁造",
    "who built",
    "who made",
];

/// `这是什么塔`, `tell me more about this temple`, `岳王庙有什么好讲的`: a question about a
/// landmark named or a landmark-like thing pointed at.
fn asks_about_landmark(text: &str, landmark: bool) -> bool {
    let pointed = words!["这", "那", "this ", "that "].iter().any(|p| {
        text.match_indices(p).any(|(at, w)| {
            let rest = &text[at + w.len()..];
            LANDMARK_NOUNS.iter().any(|n| {
                rest.split([',', '?', '!'])
                    .next()
                    .is_some_and(|r| r.contains(n))
            })
        })
    });
    (landmark || pointed) && TELL_ABOUT.iter().any(|w| text.contains(w))
}

/// Whether a day is said (`大后天`, `next Friday`): resolved against any day, only its
/// presence counts.
fn says_a_day(text: &str) -> bool {
    !find_dates(text, chrono::NaiveDate::default()).is_empty()
}

/// `两天`, `3 nights`, `for a week`: how long a stay is (not `3天内`, `三天后`).
fn says_a_stay(text: &str) -> bool {
    let numbers = crate::intent::numbers::find_numbers(text);
    numbers.iter().any(|n| {
        let head = text[..n.start].trim_end();
        if words!["within", "in", "内"]
            .iter()
            .any(|w| head.ends_with(w))
        {
            return false;
        }
        let rest = text[n.end..].trim_start();
        let unit = words!["天", "晚", "夜", "宿", "nights", "night", "days"]
            .iter()
            .find(|u| rest.starts_with(*u) && !rest.starts_with("宿舍"));
        unit.is_some_and(|u| {
            let after = &rest[u.len()..];
            // `一天有几班`, `一天几趟`: how often in a day, no stay.
            !words![
                "后",
                "内",
                "以内",
                "之内",
                "之后",
                "以后",
                " ago",
                " later",
                "有几",
                "几班",
                "几趟",
                "多少班",
                "多少趟",
            ]
            .iter()
            .any(|w| after.starts_with(w))
        })
    }) || words![
        "一周",
        "a week",
        "一个星期",
        "半个月",
        "两周",
        "一个月",
        "几天",
        "two weeks",
        "a fortnight",
        "a month",
        "a few days",
        "long weekend",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// `去清迈`, `go to Bangkok`, `visit Kyoto`, `回南宁`: a going word with somewhere after it;
/// going back (`回`) counts as going, not when it makes another word ([`BACK_WORDS`]).
fn goes_somewhere(text: &str) -> bool {
    const GOING: Words = words![
        "去",
        "到",
        "go to",
        "going to",
        "fly to",
        "head to",
        "travel to",
        "trip to",
        "visit",
    ];
    // `five nights in Bali`, `a week in Japan`: a stay in a place.
    const STAY_IN: Words = words!["nights in", "days in", "week in", "weekend in"];
    if STAY_IN.iter().any(|w| text.contains(w)) {
        return true;
    }
    GOING.iter().any(|w| {
        occurrences(text, w).any(|(_, end)| {
            text[end..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() && !"玩住待".contains(c))
        })
    }) || going_back(text).next().is_some()
}

/// Where each place gone back to starts (`下周五回南宁` → at `南宁`): a `回` with two or more
/// characters after it that make no other word with it ([`BACK_WORDS`]). The trip's trigger
/// and the destination's extraction both read going back through it.
pub fn going_back(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('回').filter_map(|(at, c)| {
        let start = at + c.len();
        let rest = &text[start..];
        (rest.chars().count() >= 2
            && rest.starts_with(|c: char| !c.is_ascii())
            && !BACK_WORDS.iter().any(|w| rest.starts_with(w)))
        .then_some(start)
    })
}

/// What `回` makes another word with, or where going back is no journey (`回来`, `回复`,
/// `回家`, `回酒店`: home and lodging are a route at most).
const BACK_WORDS: Words = words![
    "来", "去", "头", "复", "答", "忆", "应", "收", "访", "味", "家", "酒店", "宾馆", "宿舍",
    "公司", "房",
];

/// `两个人`, `就我一个人`, `预算八百块`: a trip's party or budget said.
fn says_a_party_or_budget(text: &str) -> bool {
    let numbers = crate::intent::numbers::find_numbers(text);
    travelers(text, &numbers).is_some()
        || money(text, &numbers)
            .iter()
            .any(|(_, role, _)| *role == MoneyRole::Budget)
}

/// `is this in stock anywhere nearby`, `is this sold anywhere near here`, `附近哪家店有这个的现货`:
/// the thing pointed at (`this`, `这个`), a word of being had or sold, and a question of where.
fn this_had_nearby(text: &str) -> bool {
    const THIS: Words = words!["this", "these", "这个", "这款", "这种", "同款"];
    const HAD: Words = words![
        "in stock",
        "sold",
        "available",
        "for sale",
        "has this",
        "have this",
        "现货",
        "有货",
        "有卖",
        "卖这",
    ];
    const WHERE: Words = words![
        "anywhere",
        "nearby",
        "near here",
        "around here",
        "附近",
        "哪家",
        "哪里",
        "哪儿",
    ];
    let any = |words: Words| words.iter().any(|w| occurrences(text, w).next().is_some());
    any(THIS) && any(HAD) && any(WHERE)
}

/// `给孩子买个电话手表`: a cue word right after a verb of buying (and its count and measure word)
/// that a name goes on from is the start of the thing bought, not a question of its own.
fn names_what_is_bought(text: &str, start: usize, end: usize) -> bool {
    const BUYING: Words = words!["买", "下单", "入手", "订购"];
    let head = text[..start].trim_end_matches(|c: char| {
        "一二两三四五六七八九十几个台副条双件只块部把支瓶盒包套份".contains(c)
    });
    let rest = &text[end..];
    let name = &rest[..rest.find([',', '?', '!', ' ']).unwrap_or(rest.len())];
    // `买个出差用的双肩包`: a cue before `的` says what the thing is for, not its name.
    BUYING.iter().any(|v| head.ends_with(v))
        && name.starts_with(|c: char| c.is_alphanumeric())
        && !name.contains('的')
}

/// `想去Osaka玩`, `去Bali度假`: in a Chinese clause, `去` with a name in Latin letters after it and
/// then a word of holidaying (`玩`, `旅游`, `度假`) — the way a place abroad is said by its own name.
fn goes_abroad_by_name(text: &str) -> bool {
    // Not `逛逛` (`去Costco逛逛` is shopping), nor an acronym (`去KTV玩`).
    const HOLIDAY: Words = words!["玩", "旅游", "旅行", "度假"];
    occurrences(text, "去").any(|(_, end)| {
        let rest = &text[end..];
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '\''))
            .unwrap_or(rest.len());
        let name = rest[..name_end].trim();
        name.chars().filter(char::is_ascii_alphabetic).count() >= 4
            && HOLIDAY.iter().any(|w| rest[name_end..].starts_with(w))
    })
}

/// `好吃吗`, `怎么样`, `any good`: how good something is, asked; or how busy, or what it is
/// like (`人多不多`, `tell me about this restaurant`); how something fares set against
/// another (`跟别家比怎么样`, `比起来怎么样`) compares, and asks nothing of the place.
fn asks_how_good(text: &str) -> bool {
    // `what's this place like`, `what's the vibe like in here`: what it is like.
    let like = words!["what's", "what is"].iter().any(|w| text.contains(w))
        && occurrences(text, "like").next().is_some();
    like || words![
        // How busy it is: the queue, the crowd (`一般要排多久`, `人多不多`, `is it packed`).
        "排多久",
        "要排",
        "等多久",
        "人多",
        "crowded",
        "packed",
        "busy",
        "the wait",
        "tell me about",
        "好吃吗",
        "好喝吗",
        "好不好吃",
        "好不好喝",
        "怎么样",
        // `这个饭店咋样`: the northern `咋样` is `怎么样`.
        "咋样",
        "口碑",
        "any good",
        "is it good",
        "is the food good",
        "reviews",
    ]
    .iter()
    .any(|w| occurrences(text, w).any(|(start, _)| !(w == "怎么样" && set_against(text, start))))
}

/// Whether the word at `start` follows a setting against (`跟别家比怎么样`, `比起来怎么样`).
fn set_against(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    words!["比", "比起来", "相比"]
        .iter()
        .any(|b| before.ends_with(b))
}

/// `贵不贵`, `is it expensive`: whether something is dear, asked (not what it costs).
pub(super) fn asks_how_dear(text: &str) -> bool {
    words![
        "贵不贵",
        "贵吗",
        "is it expensive",
        "is it pricey",
        "pricey",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some())
}

/// `骑个车到植物园`, `ride a bike over to Hangzhou Library`: riding (a bike) to somewhere named
/// after it.
fn rides_somewhere(text: &str) -> bool {
    let zh = ride_span(text).is_some();
    let en = words!["ride", "cycle", "bike"].iter().any(|w| {
        occurrences(text, w).any(|(_, end)| {
            let rest = &text[end..];
            rest.split(' ').take(5).any(|word| word == "to")
                && rest
                    .split(" to ")
                    .nth(1)
                    .is_some_and(|r| !r.trim().is_empty())
        })
    });
    zh || en
}

/// `骑个车到`, `骑辆车去`, `骑单车到`: the span from a riding to the going within a few
/// characters of it, when somewhere is named after it.
pub(super) fn ride_span(text: &str) -> Option<(usize, usize)> {
    text.match_indices('骑').find_map(|(at, w)| {
        let rest = &text[at + w.len()..];
        rest.char_indices().take(5).find_map(|(i, c)| {
            let end = at + w.len() + i + c.len_utf8();
            ((c == '到' || c == '去') && !text[end..].trim().is_empty()).then_some((at, end))
        })
    })
}

/// Words that unlock a bike: a verb of unlocking or scanning, or the bike's code.
pub(super) fn unlocks(text: &str) -> bool {
    words!["开锁", "解锁", "扫", "unlock", "scan", "code", "码"]
        .iter()
        .any(|w| text.contains(w))
        || bike_number(text)
}

/// `Order a Happy Meal`, `order us a fish supper`, `点个儿童套餐`: what is ordered named by
/// its meal (`meal`, `supper`, `combo`, `套餐`), whatever the brand or dish before it, is food.
fn a_meal_ordered(text: &str) -> bool {
    const MEALS: Words = words!["meal", "meals", "supper", "combo", "bento", "套餐"];
    ordering(text)
        && MEALS.iter().any(|w| {
            occurrences(text, w).any(|(_, end)| {
                !text[end..].starts_with(" plan") && !text[end..].starts_with(" prep")
            })
        })
}

/// `the baby has a fever`, `my son has a cold`: an English clause that says someone has
/// something, with no question's shape (no `does`, `do`, `any`, `got`, no request word), tells;
/// it asks no shop whether it has a thing.
fn a_having_told(text: &str) -> bool {
    const ASKING: Words = words![
        "does ", "do ", "did ", "is ", "are ", "has ", "have ", "can ", "could ", "any", "got ",
    ];
    text.is_ascii()
        && words![" has ", " have "].iter().any(|w| text.contains(w))
        && !ASKING.iter().any(|w| text.trim_start().starts_with(w))
        && !words![" any", " got ", "if ", "whether", "?"]
            .iter()
            .any(|w| text.contains(w))
        && !super::gate::asks(text)
}

/// `下周六回银川`, `go to Yinchuan on Saturday`: going somewhere on a day, told alone — neither
/// a landmark, a kind of place, a walk nor a ride hailed, so a journey whose departure a
/// request after it may be timed by (see `parse`).
pub(super) fn a_journey_on_a_day(text: &str) -> bool {
    says_a_day(text)
        && goes_somewhere(text)
        && lexicon::find_all(text, lexicon::LANDMARKS).is_empty()
        && sought_category(text).is_none()
        && !walks_or_cycles(text)
        && !hails_a_ride(text)
}

/// `订下个月初去西双版纳的票`, `抢两张回家的票`, `book me a ticket to Dali`: a ticket booked or
/// bought (`订`, `买`, `抢`, `book`, `get`) for going somewhere (`去`, `到`, `回`, `to`).
fn books_a_ticket(text: &str) -> bool {
    let zh = words!["订", "买", "抢"].iter().any(|verb| {
        text.find(verb).is_some_and(|at| {
            let rest = &text[at..];
            rest.find("票").is_some_and(|ticket| {
                words!["去", "到", "回"]
                    .iter()
                    .any(|w| rest[..ticket].contains(w))
                    && rest[..ticket].ends_with(['的', '张'])
            })
        })
    });
    let en = words!["book", "get", "buy"].iter().any(|verb| {
        occurrences(text, verb).any(|(_, end)| {
            let rest = &text[end..];
            words!["ticket to", "tickets to"]
                .iter()
                .any(|t| rest.find(t).is_some_and(|at| at <= 12))
        })
    });
    zh || en
}

/// `get us a taxi to …`, `帮我打个车去…`, `drive me to …`: a taxi hailed (got, called, taken)
/// or a ride given to somewhere (not for a stay: `drive me to Shanghai for three days` is a
/// trip).
fn hails_a_ride(text: &str) -> bool {
    const GIVEN: Words = words![
        "drive me to",
        "drive us to",
        "run me to",
        "drop me at",
        "drop me off at",
        "drop me to",
        "carry me to",
    ];
    if GIVEN.iter().any(|w| text.contains(w)) && !says_a_stay(text) {
        return true;
    }
    const HAILED: Words = words![
        "a taxi to",
        "a cab to",
        "a didi to",
        "an uber to",
        "打车去",
        "打车到",
        "打个车去",
        "打个车到",
        "叫车去",
        "叫个车去",
    ];
    HAILED.iter().any(|w| text.contains(w))
}

/// Whether a bike's number (letters then four digits or more, `HZBIKE-55821`, `HZ-50231`) is
/// said.
fn bike_number(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .any(|t| {
            t.starts_with(|c: char| c.is_ascii_alphabetic())
                && t.chars().filter(char::is_ascii_digit).count() >= 4
        })
}

/// `开一下车号HZBIKE-55821的单车`, `车号是HZ-50231，帮我开一下`: a bike's number said with a word
/// of the bike or of opening it.
fn names_a_bike(text: &str) -> bool {
    bike_number(text)
        && words!["车", "开", "bike", "unlock"]
            .iter()
            .any(|w| text.contains(w))
}

/// `下周六去千岛湖骑行`, `周末去安吉骑车`: a ride said after the place one goes to, closing the
/// clause, is what is done there (an outing), not the way there (`骑车去湘湖`,
/// `去九堡的骑行路线` are routes).
fn rides_there(text: &str) -> bool {
    let said = text.trim_end_matches(['吧', '了', ' ']);
    words!["骑行", "骑车", "骑单车", "骑自行车"]
        .iter()
        .any(|w| {
            said.strip_suffix(w).is_some_and(|before| {
                before
                    .rfind('去')
                    .map(|at| &before[at + '去'.len_utf8()..])
                    .is_some_and(|place| place.chars().count() >= 2 && !place.contains(','))
            })
        })
}

/// Walking or cycling said as the way of going (`on foot`, `走路`, `by bike`, `骑车`); `a park
/// to walk in` says what a place is for.
fn walks_or_cycles(text: &str) -> bool {
    lexicon::find_all(text, lexicon::MODES).iter().any(|m| {
        (m.canonical == "walk" || m.canonical == "bike") && !text[..m.start].ends_with("to ")
    })
}

/// `tell me about`, `介绍一下`: asking to be told about something named.
fn tells_about_it(text: &str) -> bool {
    words![
        "tell me about",
        "what do you know about",
        "介绍一下",
        "介绍下",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some())
}

/// `what can you tell me about Louwailou`: being told about a name of one to three words,
/// said last — no pointer, article, person or kind (`this`, `the`, `yourself`, `it`) before it.
fn tells_about_a_name(text: &str) -> bool {
    const NOT_A_NAME: Words = words![
        "this", "that", "the", "a", "an", "it", "yourself", "you", "me", "my", "your", "what",
        "how", "some",
    ];
    occurrences(text, "tell me about").any(|(_, end)| {
        let name = text[end..].trim().trim_end_matches(['?', '.', '!']).trim();
        let words: Vec<&str> = name.split(' ').collect();
        !name.is_empty() && words.len() <= 3 && name.is_ascii() && !NOT_A_NAME.contains(words[0])
    })
}

/// `楼外楼是么子店`, `知味观是家什么馆子`, `奎元馆是卖哪样的` → `楼外楼`: what kind of place a named
/// one is, asked in a clause, is about that place (the name said before `是`; `这是什么店`
/// points at the one in view), not a search for places of its kind.
pub(super) fn place_asked_what_it_is(clause: &str) -> Option<&str> {
    let (name, kind) = clause.split_once('是')?;
    let kind = kind.trim_end_matches(['啊', '呀', '呢', '?', ' ']);
    let name = name.trim();
    (!name.is_empty()
        && kind.chars().count() <= 6
        && words!["什么", "甚", "哪样"]
            .iter()
            .any(|w| kind.contains(w))
        && (words!["店", "馆", "馆子", "地方", "餐厅"]
            .iter()
            .any(|w| kind.ends_with(w))
            || kind.starts_with('卖') && kind.ends_with('的')))
    .then_some(name)
}

/// `这辆单车`, `this bike`: the bike in view pointed at.
fn bike_pointed_at(text: &str) -> bool {
    let rides = words!["ride", "骑"].iter().any(|w| text.contains(w));
    let this_one = words!["this one", "that one", "这个", "这辆"]
        .iter()
        .any(|w| text.contains(w));
    words!["这辆", "那辆", "this bike", "that bike", "这个车", "这车"]
        .iter()
        .any(|w| text.contains(w))
        || (rides && this_one)
        || opens_a_bike(text)
}

/// `帮我开辆单车`, `这部自行车帮我开开`, `帮我扫这台脚踏车`: a bike pointed at by another
/// measure word (`这部`, `这台`), or opening (`开`) one counted by its measure word (`开辆`),
/// is one to unlock; not `开车` (driving).
fn opens_a_bike(text: &str) -> bool {
    const BIKES: Words = words!["单车", "自行车", "共享单车"];
    let after = |w: &str| {
        text.match_indices(w)
            .any(|(at, _)| BIKES.iter().any(|b| text[at + w.len()..].starts_with(b)))
    };
    words!["这部", "那部", "这台", "那台"].iter().any(after)
        || (after("辆") || after("部")) && (text.contains("开辆") || text.contains("开部"))
}

/// `delivered`, `送来`, `外送`: something to be brought.
fn delivered(text: &str) -> bool {
    words![
        "delivered",
        "deliver",
        "sent to",
        "sent over",
        "sent up",
        "send up",
        "brought up",
        "for delivery",
        "送到",
        "brought to",
        "brought home",
        "sent home",
        "送来",
        "外送",
        "送过来",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some())
}

/// `I'm craving pad thai, have some delivered`, `我想吃酸菜鱼，送过来吧`: a delivery asked for
/// a dish (said in the same request), no product, is a food order. A dish's word inside the
/// name of goods ([`NOT_DISHES`]: `下单两罐奶粉，明天送到`) names no dish.
pub fn dish_delivered(text: &str) -> bool {
    let (cuisine, cooked) = dish_named(text);
    (lexicon::find_all(text, lexicon::PRODUCTS).is_empty()
        && ((delivered(text) && (cuisine || cooked)) || serving_brought(text)))
        || (cups_brought(text) && serving_brought(text))
}

/// `来两杯柠檬茶送到图书馆门口`: cups (`杯`, not `杯子`, cups as goods) of a drink brought are
/// made to order, even of one also sold bottled (a listed product).
fn cups_brought(text: &str) -> bool {
    text.match_indices('杯')
        .any(|(at, cup)| !text[at + cup.len()..].starts_with('子'))
}

/// Whether `text` names a listed cuisine or dish, and whether a word of a dish tells its
/// cuisine ([`cuisine_of`]), leaving out the dish words inside goods' names ([`NOT_DISHES`],
/// and any word before the ending of a tool: `擀面杖`, `面包机`, `汤勺`).
fn dish_named(text: &str) -> (bool, bool) {
    let dishes = NOT_DISHES
        .iter()
        .fold(without_tools(text), |t, goods| t.replace(goods, " "));
    (
        !lexicon::find_all(&dishes, lexicon::CUISINES).is_empty(),
        cuisine_of(&dishes).is_some(),
    )
}

/// Endings of the names of tools and machines (`擀面杖` a rolling pin, `面包机`, `汤勺`,
/// `饺子铲`): what comes before them says what the tool is for, never a dish.
const TOOL_ENDS: &str = "杖机勺筷铲架";

/// `text` with each tool's name ([`TOOL_ENDS`] and the two characters before it) blanked.
fn without_tools(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    for (i, c) in chars.iter().enumerate() {
        if TOOL_ENDS.contains(*c) {
            for blank in out.iter_mut().take(i + 1).skip(i.saturating_sub(2)) {
                if !blank.is_ascii() {
                    *blank = ' ';
                }
            }
        }
    }
    out.into_iter().collect()
}

/// Goods never served whose names hold a dish's word (`粉`, `面`, `饭`, `rice`): powders
/// (formula, detergent, flour, protein), face care and kitchenware.
const NOT_DISHES: Words = words![
    "奶粉",
    "洗衣粉",
    "面粉",
    "蛋白粉",
    "粉底",
    "面膜",
    "面霜",
    "洗面奶",
    "面巾",
    "电饭煲",
    "饭盒",
    "rice cooker",
    "noodle maker",
    "noodle bowl",
];

/// `order laksa to my office`, `order dinner to the hotel`: `order` with where the wearer is
/// after `to my`/`to the`, and no means of going (`order a cab to my hotel` is a ride); with
/// a food named (`food`), `send` too (`send some fried rice to my office later`).
fn ordered_to_where_one_is(text: &str, food: bool) -> bool {
    const HERE: Words = words![
        "place",
        "office",
        "hotel",
        "dorm",
        "room",
        "home",
        "desk",
        "apartment",
        "condo",
        "flat",
        "house",
    ];
    let verbs = if food {
        words!["order", "send"]
    } else {
        words!["order"]
    };
    verbs
        .iter()
        .flat_map(|v| occurrences(text, v))
        .any(|(_, end)| {
            let rest = &text[end..];
            words!["to my ", "to the ", "to our "].iter().any(|to| {
                rest.match_indices(to).any(|(at, _)| {
                    let place = &rest[at + to.len()..];
                    HERE.iter().any(|w| place.starts_with(w))
                })
            })
        })
        && lexicon::find_all(text, lexicon::MODES).is_empty()
}

/// `整一份冒菜，送到公司`, `送份炒饭到宿舍`, `a plate of char kway teow to my condo`: a serving
/// (`份`, `碗`, `笼`, `盘`, `串`, a cup `杯` after a count or a verb of getting; `a plate of`,
/// `a bowl of`) of something brought (`来一杯杨枝甘露，送到宿舍`: a drink brought is ordered) (`送到`, `送…到`, `delivered`, `to my …`). Papers and parcels come in
/// `份` too (`送一份文件到公司`): a `份` of one of [`NOT_SERVED`] is no serving.
fn serving_brought(text: &str) -> bool {
    const GETTING: &str = "一二两三四五六七八九十几整弄搞要来点叫订送买";
    let zh = text
        .match_indices(['份', '碗', '笼', '盘', '串', '杯'])
        .any(|(at, measure)| {
            let after = &text[at + measure.len()..];
            text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| GETTING.contains(c))
                && (measure != "份" || !NOT_SERVED.iter().any(|w| after.starts_with(w)))
        });
    let en = words![
        "a plate of",
        "a bowl of",
        "plates of",
        "bowls of",
        "a portion of",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some());
    let sent = text.find('送').is_some_and(|at| text[at..].contains('到'));
    (zh && (delivered(text) || sent))
        || (en && (delivered(text) || ordered_to_where_one_is(text, true)))
}

/// Things counted in `份` that are never eaten: papers, parcels and presents.
const NOT_SERVED: Words = words![
    "文件", "资料", "报纸", "合同", "材料", "报告", "快递", "礼物",
];

/// `43码`, `size 44`, `in a 44`: a shoe or clothes size said.
fn says_a_size(text: &str) -> bool {
    let numbers = crate::intent::numbers::find_numbers(text);
    numbers.iter().any(|n| text[n.end..].starts_with('码'))
        || words!["size ", "in a "].iter().any(|w| {
            text.match_indices(w)
                .any(|(at, w)| text[at + w.len()..].starts_with(|c: char| c.is_ascii_digit()))
        })
}

/// `奶茶店`, `面馆`, `修车铺`: a word for a shop of something (not `这家店`, `店里`, nor a
/// listed kind such as `酒店`, which [`sought_category`] weighs).
fn shop_of_something(text: &str) -> bool {
    let listed = lexicon::find_all(text, lexicon::CATEGORIES);
    // `a hair salon`, `a barber`, `a tattoo studio`: English words for a kind of place.
    let english = words![
        "salon",
        "barber",
        "barbershop",
        "parlor",
        "parlour",
        "studio",
        "clinic",
        "spa",
        "gym",
        "laundromat",
        "dentist",
        "tailor",
    ];
    if english.iter().any(|w| {
        occurrences(text, w).any(|(s, e)| !listed.iter().any(|m| m.start <= s && e <= m.end))
    }) {
        return true;
    }
    // `菜市场`, `花鸟市场`: a market of something.
    let market = text.find("市场").is_some_and(|at| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| !p.is_ascii() && !"家这那个的,".contains(p))
    });
    market
        || text.char_indices().any(|(at, c)| {
            "店馆铺".contains(c)
                && !listed.iter().any(|m| m.start <= at && at < m.end)
                && text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|p| !p.is_ascii() && !"家这那个的,".contains(p))
                && !text[at..].starts_with("店里")
        })
}

/// `订个酒店住三晚`, `book a hotel`: a hotel booked, which a trip plans.
fn books_a_hotel(text: &str) -> bool {
    lexicon::find_all(text, lexicon::CATEGORIES)
        .iter()
        .any(|c| c.canonical == "hotel")
        && words!["订", "预订", "book", "reserve"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
}

/// Whether a city is named on its own, not inside a dish or a landmark (`北京烤鸭`,
/// `杭州东站`).
fn names_a_city(text: &str) -> bool {
    lexicon::standalone_cities(text)
        .iter()
        .any(|c| !starts_a_goods_name(&text[..c.start]) && !names_a_style(text, c.start, c.end))
}

/// `要正宗长沙那种`, `重庆口味的`, `the proper Shanghai kind`, `Cantonese-style`: a city said as
/// authentic (`正宗`, `地道`, `authentic`, `proper`) or before a word of a kind or a taste
/// (`那种`, `口味`, `风味`, `style`, `kind`) names how a thing is made, no place to go.
fn names_a_style(text: &str, start: usize, end: usize) -> bool {
    const AUTHENTIC: Words = words!["正宗", "地道", "authentic", "proper", "real", "genuine"];
    const KIND: Words = words![
        "那种",
        "的那种",
        "口味",
        "风味",
        "味道",
        "味儿",
        "风格",
        "做法",
        "style",
        "-style",
        "kind",
        "flavour",
    ];
    let before = text[..start].trim_end();
    let after = text[end..].trim_start();
    AUTHENTIC.iter().any(|w| before.ends_with(w)) || KIND.iter().any(|w| after.starts_with(w))
}

/// `整两箱青岛啤酒`, `two jars of Guilin chili sauce`: a city right after a measure of goods
/// (not `趟`, `张`: a journey, a ticket) or `<container> of` begins the name of a brand or a
/// product, no place to go.
fn starts_a_goods_name(before: &str) -> bool {
    let measured = before
        .chars()
        .next_back()
        .is_some_and(|c| super::clean::MEASURE_WORDS.contains(c) && !"趟张个".contains(c));
    let contained = before.strip_suffix(" of ").is_some_and(|head| {
        let last = head.rsplit(' ').next().unwrap_or(head);
        super::clean::CONTAINERS.contains(last)
    });
    measured || contained
}

/// What a clause names besides cue words, for the cues that depend on it.
struct Hints {
    /// A kind of place (`pharmacy`, `便利店`).
    category: bool,
    /// A listed product.
    product: bool,
    /// A listed cuisine (`sushi`, `川菜`).
    cuisine: bool,
    /// `this shop`, `这家`.
    place_reference: bool,
    /// A landmark named or anything pointed at (`this`, `这`).
    pointing: bool,
    /// A city.
    city: bool,
    /// A word of buying (`买`, `buy`).
    buying: bool,
    /// The assistant itself (`你`, `yourself`).
    about_me: bool,
    /// What matters stated (`it's all about the food`, `the trip is all about hiking`): `all
    /// about` after `is` tells, asks for no guide.
    focus_told: bool,
    /// A question of where (`哪`, `where`, `附近`).
    asks_where: bool,
    /// A purchase already made (`刚买了`, `bought`): told, not asked.
    bought: bool,
    /// A hotel booked (`订个酒店`).
    hotel_booked: bool,
    /// Where something can be bought, with no wish for the best price (`哪里能买到咖啡`).
    where_sold: bool,
    /// A verb of ordering food (`点`, `叫`, `order`), not `点` as "a bit" (`吃点`).
    ordering: bool,
    /// A food, a cuisine or a dish named.
    food_named: bool,
    /// Food or a drink ordered, not bought (`order me a bubble tea`, `order a flat white`): a
    /// listed food, even one also sold as a good, or a dish or drink not listed as a good.
    food_ordered: bool,
    /// How a thing fares set against another (`跟别家比怎么样`): a comparison, whatever is in
    /// view.
    set_against: bool,
    /// The cheapest asked for as what to get (`I want the cheapest umbrella`).
    wants_cheapest: bool,
    /// Worth going in or to (`值不值得进去`, `值不值得去`): a visit weighed, not a price.
    worth_a_visit: bool,
    /// A journey already made or the weather asked about (`我昨天去了西湖`, `I went to
    /// Shanghai last week`, `明天杭州会下雨吗`): no trip and no way to be shown.
    told: bool,
}

/// Words of a journey already made (or of the weather, [`WEATHER_SPOKEN`]): a city or a place in such
/// a clause asks for no trip and no route.
const TOLD_NOT_ASKED: Words = words![
    "去了",
    "去过",
    "昨天",
    "上周",
    "上个月",
    "went",
    "been to",
    "visited",
    "last week",
    "last month",
    "yesterday",
    "got back",
    "came back",
    "回来了",
    // Not remarks of their own: `snow boots`, `a rain jacket` are things.
    "rain",
    "snow",
];

/// `北京今天好冷啊`, `why is Harbin so cold`: whether `text` speaks of the weather; the
/// northern `这天`/`天儿` closing a clause is the weather too (`今儿杭州这天`, `这天儿真好`).
pub fn remarks_on_weather(text: &str) -> bool {
    let said = text.trim_end_matches([' ', ',', '!', '?']);
    WEATHER_SPOKEN
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        || said.ends_with("这天")
        || said.contains("天儿")
}

/// Words of the weather, asked about or felt: a clause of them asks for no trip and no route,
/// and its city is not where the request after it goes ([`remarks_on_weather`]).
const WEATHER_SPOKEN: Words = words![
    "下雨",
    "下雪",
    "天气",
    "气温",
    "weather",
    "raining",
    "snowing",
    "temperature",
    // How hot or cold it is, felt or wondered at (`杭州十一月都这么热`, `why is it so cold in
    // Harbin`): the weather spoken of, no journey.
    "好热",
    "好冷",
    "这么热",
    "这么冷",
    "那么热",
    "那么冷",
    "闷热",
    "so hot",
    "so cold",
    "so humid",
    "这么潮",
    "好潮",
    "潮湿",
    "这么闷",
    "humid",
    "muggy",
];

/// `Hangzhou is very beautiful, in winter better than Moscow`, `杭州真美，冬天比莫斯科强`: a place
/// admired or weighed against another (`is beautiful`, `better than`, `比` before a city) is
/// told, not a journey asked for.
fn judges_a_place(text: &str) -> bool {
    const EN: Words = words![
        "better than",
        "worse than",
        "nicer than",
        "prettier than",
        "more beautiful than",
        "warmer than",
        "colder than",
        " is beautiful",
        " is very beautiful",
        " is so beautiful",
    ];
    const ZH: Words = words!["真美", "很美", "好美", "太美了", "真漂亮", "很漂亮"];
    EN.iter()
        .chain(ZH)
        .any(|w| occurrences(text, w).next().is_some())
        || lexicon::find_all(text, lexicon::CITIES)
            .iter()
            .any(|c| text[..c.start].ends_with('比'))
}

/// Words telling of a purchase already made: no request.
const PAST_PURCHASE: Words = words![
    "刚买",
    "已经买",
    "买过",
    "昨天买",
    "买好了",
    "bought",
    "我买的",
    "i ordered",
    "already ordered",
    "already got",
];

/// Cues that do not count in this clause: a purchase's weak cues (`need`, `want`) and a
/// place question's cues (`hours`, `close`) when the clause names a kind of place rather
/// than a product or the place in view (`I need a pharmacy open 24 hours` is a search; the
/// strongest, `几点开门`, still ask about a place named like a kind, `王家饭店`);
/// narrative cues (`story`), or any guide cue about the assistant itself (`tell me about
/// yourself`), with no landmark named or pointed at; trip words in a purchase naming no city
/// (`buy a travel pillow`).
fn discounted(kind: IntentKind, word: &str, weight: u32, hints: &Hints) -> bool {
    let a_kind_of_place =
        (hints.category || hints.cuisine) && !hints.product && !hints.place_reference;
    match kind {
        // `where can I get a coffee around here`: where to get it is a search.
        // `哪里能买到咖啡`: where it can be bought is a search too.
        IntentKind::ProductBuy => {
            (a_kind_of_place && weight == 1)
                || hints.bought
                || (hints.asks_where && weight < 3)
                || hints.where_sold
                || (hints.food_ordered && weight < 3)
        }
        // `附近哪有卖早餐的`: where something is sold is a search, not a question to the shop.
        IntentKind::ProductStock => hints.asks_where && !hints.place_reference,
        IntentKind::PlaceInfo => a_kind_of_place && weight < 4,
        IntentKind::LandmarkGuide => {
            ((NARRATIVE_CUES.contains(word) || hints.about_me) && !hints.pointing)
                || (word == "all about" && hints.focus_told)
        }
        IntentKind::TripPlan => (hints.buying && !hints.city) || hints.told,
        // `get me to Shenzhen by Wednesday`: to another city is a trip, not a route.
        IntentKind::Navigate => hints.told || (hints.city && !hints.pointing && weight < 5),
        // `附近哪有能打印的地方`: a word of printing in a question of where is what a place does,
        // not writing to be read.
        // `how do you say no spicy in Chinese`: a phrase to say, not a sign; only a thing
        // pointed at (`how do you say this in English`) is writing to put into words.
        IntentKind::SignTranslate => {
            (hints.asks_where && weight < 4)
                || (words!["say", "怎么说"].iter().any(|w| word.contains(w)) && !hints.pointing)
        }
        // `I want the cheapest umbrella you can find`: the cheapest is what to buy.
        // `订个便宜点的酒店`: cheap is what the booking should be, not a comparison.
        // `cheapest way to get to Guangzhou`: a price wish about a journey, not a product;
        // `这个餐厅贵不贵`: about the place in view, which its card prices.
        IntentKind::ProductCompare => {
            (word == "值不值" && hints.worth_a_visit)
                || (hints.hotel_booked && weight < 3)
                || hints.wants_cheapest
                || (hints.city && !hints.product && !hints.pointing)
                || (hints.place_reference && !hints.product && !hints.set_against)
        }
        // `想吃点火锅`: `点` after eating is "a bit", not ordering; `order a pack of diapers for
        // delivery`: an English order or delivery with no food named is no meal.
        IntentKind::FoodOrder => {
            (word == "点" && !hints.ordering)
                || (weight < 3 && word.is_ascii() && !hints.food_named && !hints.category)
        }
        _ => false,
    }
}

/// `I want the cheapest umbrella`, `get me the cheapest one`, `要最便宜的`: the cheapest as
/// what to get, a wish of a purchase rather than a comparison.
fn wants_cheapest(text: &str) -> bool {
    const GETTING: Words = words![
        "want", "get", "get me", "buy", "buy me", "order", "find me", "要", "买", "挑",
    ];
    let asks_where = words!["where", "哪", "who", "which"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some());
    !asks_where
        && words!["cheapest", "最便宜"].iter().any(|w| {
            occurrences(text, w).any(|(start, _)| {
                let head = text[..start].trim_end();
                let head = head
                    .strip_suffix(" the")
                    .or_else(|| head.strip_suffix("the"))
                    .unwrap_or(head)
                    .trim_end();
                GETTING.iter().any(|g| head.ends_with(g))
            })
        })
}

/// `点两份酸辣粉`, `叫三碗面`, `点一笼`: `点` or `叫` with a count of portions; `来` with a
/// portion of a dish (`来一份番茄牛腩饭`).
fn orders_portions(text: &str) -> bool {
    // `送两杯美式到会议室`: portions sent somewhere are ordered too.
    // `来一份番茄牛腩饭`: `来` with a portion of a dish too.
    let a_dish = cuisine_of(text).is_some() || !lexicon::find_all(text, lexicon::FOODS).is_empty();
    text.match_indices(['点', '叫', '送', '来', '订'])
        .any(|(at, verb)| {
            // A cup (`来杯美式`, `来两杯奶茶`) of what the catalogue sells stays a purchase;
            // `订份黄焖鸡送到公司`: a portion booked and brought is ordered too.
            // `给我来份葱包桧`: a serving (`份`, `碗`, `笼`, `盘`) got is food, whatever the dish.
            let serving = text[at + verb.len()..]
                .trim_start_matches(|c: char| "一二两三四五六七八九十几".contains(c))
                .starts_with(['份', '碗', '笼', '盘']);
            if verb == "来" && !serving && (!a_dish || text[at + verb.len()..].contains('杯')) {
                return false;
            }
            if verb == "订" && !(a_dish || delivered(text)) {
                return false;
            }
            let rest = text[at + verb.len()..].trim_start_matches(|c: char| {
                "一二两三四五六七八九十几".contains(c) || c.is_ascii_digit()
            });
            // `点杯抹茶拿铁`, `叫碗面`: a portion with no count is ordered too.
            (rest.len() < text.len() - at - verb.len() || verb != "送")
                && rest.starts_with(['份', '碗', '笼', '盘', '串', '杯'])
                && !NOT_SERVED.iter().any(|w| rest["份".len()..].starts_with(w))
        })
}

/// `在这家点两个鸡腿堡`, `这家来三个肉夹馍`: a verb of ordering (`点`, `叫`, `来`) before a count
/// and a measure, said at the place in view.
fn orders_here(text: &str) -> bool {
    text.match_indices(['点', '叫', '来']).any(|(at, verb)| {
        let after = &text[at + verb.len()..];
        let rest = after.trim_start_matches(|c: char| {
            "一二两三四五六七八九十几".contains(c) || c.is_ascii_digit()
        });
        rest.len() < after.len()
            && rest.starts_with(['个', '份', '碗', '笼', '盘', '串', '只', '块'])
    })
}

/// `How much does a taxi to the airport cost`, `出租车到机场多少钱`: a fare asked is no product's
/// price, and the taxonomy has no fare to quote (`帮我叫辆车` still asks for a ride).
fn asks_a_fare(text: &str) -> bool {
    const PRICE: Words = words!["how much", "cost", "多少钱", "价格", "贵不贵"];
    RIDES.iter().any(|w| occurrences(text, w).next().is_some())
        && PRICE.iter().any(|w| occurrences(text, w).next().is_some())
        && !words!["帮我", "叫", "book", "call", "get me", "order"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
}

/// Rides named as things (`a taxi`, `出租车`, `车费`): their price is a fare; going by one
/// (`打车去武林广场多少钱`) is a route, its price shown.
pub(super) const RIDES: Words = words!["taxi", "cab", "uber", "didi", "fare", "出租车", "车费"];

/// `在他们家下单一份肉蟹煲`: a portion put in an order (`下单`) at the eatery's people (`他们家`),
/// or of a dish, is food, though `下单` alone buys (a cup is left out: `下单一杯` may be a drink
/// the catalogue sells).
fn portion_put_in_order(text: &str) -> bool {
    let a_dish = cuisine_of(text).is_some() || !lexicon::find_all(text, lexicon::FOODS).is_empty();
    occurrences(text, "下单").any(|(_, end)| {
        (a_dish
            || words!["他们家", "他家", "她们家"]
                .iter()
                .any(|w| text.contains(w)))
            && text[end..]
                .trim_start_matches(|c: char| {
                    "一二两三四五六七八九十几".contains(c) || c.is_ascii_digit()
                })
                .starts_with(['份', '碗', '笼', '盘', '串'])
    })
}

/// A listed food said on its own, not inside the longer name of a listed good (`coffee` in
/// `coffee beans` names the beans).
fn food_alone(text: &str) -> bool {
    let goods = lexicon::find_all(text, lexicon::PRODUCTS);
    lexicon::find_all(text, lexicon::FOODS).iter().any(|f| {
        !goods
            .iter()
            .any(|g| g.start <= f.start && f.end <= g.end && g.end - g.start > f.end - f.start)
    })
}

/// `点两份饺子`, `叫个外卖`, `order some dumplings`: a verb of ordering food; `点` after `吃`,
/// `喝`, `快`, `早`, `好`… (`吃点`, `快点`, `好点的`) means "a bit" and orders nothing.
fn ordering(text: &str) -> bool {
    words!["order", "叫"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        || text.match_indices('点').any(|(at, _)| {
            !text[..at]
                .chars()
                .next_back()
                // `好点的`, `便宜点`, `近点`: a bit better, cheaper, nearer.
                .is_some_and(|c| "吃喝一快早晚几多少有差好大小慢远近贵宜高低".contains(c))
        })
}

/// `来两瓶`, `来一杯`, `来碗`, `需要一台`, `要两个`, and the colloquial verbs of getting
/// (`给我整双雪地靴`, `帮我弄个充电宝`, `搞两副手套`, `来条围巾`): asking for some number or
/// measure of something. Not `弄一下` (do it), nor `整个` (whole) unless said to the assistant
/// (`给我整个…`).
fn asks_for_some(text: &str) -> bool {
    const NUMERALS: &str = "一二两三四五六七八九十几";
    // Measure words that follow a verb of getting straight (`整双`, `整根数据线`); `把` is left
    // out, as it is also a preposition (`要把这个翻译成英文`), and `根` before `据`/`本` (`要根据`).
    const MEASURES: &str = "杯碗瓶份盒包罐双个条副件台只支套张块袋箱根顶";
    text.match_indices([
        '来', '要', '整', '弄', '搞', '订', '拍', '补', '添', '淘', '挑',
    ])
    .any(|(at, verb)| {
        let rest = &text[at + verb.len()..];
        // `拍一张照片`, `补个觉`: a photo taken, a nap caught up on, are no purchase.
        if (verb == "拍" && rest.contains(['照', '张', '视']))
            || (verb == "补" && rest.contains(['觉', '课', '票']))
        {
            return false;
        }
        // `订两张票`, `订个位子`, `订一间房`: a booking, not a purchase.
        let booked =
            verb == "订" && rest.contains(['票', '房', '位', '座', '桌', '店', '馆', '宿', '栈']);
        // `整三晚`, `搞五天`: a count of nights or days is how long one stays, no purchase.
        let counted = rest.trim_start_matches(|c: char| NUMERALS.contains(c) || c.is_ascii_digit());
        if booked
            || rest.starts_with("一下")
            || rest.starts_with("根据")
            || rest.starts_with("根本")
            || (verb == "整" && rest.starts_with('个') && !text[..at].ends_with('我'))
            || (counted.len() < rest.len() && counted.starts_with(['晚', '夜', '天', '宿']))
        {
            return false;
        }
        rest.chars()
            .next()
            .is_some_and(|c| NUMERALS.contains(c) || c.is_ascii_digit() || MEASURES.contains(c))
    })
}

/// A translator counted as a person (see [`scores`]).
const COUNTED_TRANSLATOR: Words = words!["个翻译", "位翻译", "名翻译"];

/// `get three boxes of chocolate`, `grab two bags of candy`, `pick up 4 packs of gum`: an
/// English verb of getting followed by a count asks for some of a thing, as `来两瓶` does; not
/// a count of nights, days, rooms, seats or tickets (a stay or a booking).
fn gets_a_number_of(text: &str) -> bool {
    let numbers = crate::intent::numbers::find_numbers(text);
    words!["get", "grab", "pick up", "fetch"]
        .iter()
        .any(|verb| {
            occurrences(text, verb).any(|(_, end)| {
                let Some(n) = numbers.iter().find(|n| n.start == end + 1) else {
                    return false;
                };
                let next = text[n.end..].trim_start().split(' ').next().unwrap_or("");
                text[end..].starts_with(' ')
                    && !words![
                        "night", "day", "week", "room", "seat", "ticket", "table", "hour",
                        "minute",
                    ]
                    .iter()
                    .any(|w| next.starts_with(w))
            })
        })
}

/// `order a phone tripod`: ordering something that is no food is a purchase.
fn orders_a_thing(text: &str, food: bool) -> bool {
    !food
        && !from_a_restaurant(text)
        && words!["order", "订", "下单"].iter().any(|w| {
            occurrences(text, w).any(|(start, _)| w != "order" || !an_order_had(text, start))
        })
}

/// `a question about my order`, `the order is late`: `order` after a word that owns or points
/// at it is an order already had, no ordering (`order` at `start`).
fn an_order_had(text: &str, start: usize) -> bool {
    words!["my ", "our ", "your ", "the ", "this ", "that "]
        .iter()
        .any(|w| text[..start].ends_with(w))
}

/// `from this restaurant`, `从这家餐厅`, `from the restaurant`: ordering from a restaurant.
fn from_a_restaurant(text: &str) -> bool {
    // `order one chicken biryani from Ali Baba Kitchen`: any kitchen or eating house by name.
    words![
        "restaurant",
        "kitchen",
        "diner",
        "canteen",
        "bistro",
        "eatery",
        "餐厅",
        "饭店",
        "饭馆",
        "餐馆",
        "食堂",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some())
        && words!["from", "从"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
}

/// What a place has for its guests rather than for sale: asking whether the place in view has
/// one (`这家有包间吗`, `do they have wifi`, `does this place have outdoor seating`) asks about
/// the place.
const FACILITIES: Words = words![
    "包间",
    "包厢",
    "雅座",
    "位子",
    "座位",
    "空位",
    "位置",
    "桌",
    "wifi",
    "wi-fi",
    "无线网",
    "网络",
    "停车位",
    "车位",
    "停车",
    "厕所",
    "洗手间",
    "卫生间",
    "插座",
    "充电的地方",
    "儿童椅",
    "宝宝椅",
    "儿童座椅",
    "空调",
    "电梯",
    "无障碍",
    "private room",
    "seating",
    "seat",
    "seats",
    "a table",
    "tables",
    "restroom",
    "toilet",
    "bathroom",
    "parking",
    "outlet",
    "outlets",
    "socket",
    "high chair",
    "high chairs",
    "changing table",
    "母婴室",
    "nursing room",
    "booth",
    "terrace",
    "patio",
    "wheelchair",
    "elevator",
    "air conditioning",
];

/// `哪里能买到咖啡`, `where can I buy a coffee around here`: where something can be bought,
/// a search for a place selling it, unless the best price is wished for (`哪里买最便宜` compares).
fn where_sold(text: &str) -> bool {
    const WHERE: Words = words![
        "哪里能买",
        "哪儿能买",
        "哪里可以买",
        "哪儿可以买",
        "哪里买得到",
        "哪儿买得到",
        "where can i buy",
        "where do i buy",
        "where can i get",
        "where could i buy",
    ];
    WHERE.iter().any(|w| occurrences(text, w).next().is_some())
        && !compares_price(text)
        && !words![
            "便宜", "实惠", "划算", "cheap", "for less", "deal", "price", "打折",
        ]
        .iter()
        .any(|w| text.contains(w))
}

/// `any noodle joints around`, `any dumpling places near me`: a food or cuisine followed by a
/// word for somewhere to eat is a search for such a place.
fn eatery_named(text: &str, food_or_cuisine: bool) -> bool {
    const EATERY: Words = words!["place", "places", "spot", "spots", "joint", "joints"];
    (food_or_cuisine || cuisine_of(text).is_some())
        && EATERY.iter().any(|w| occurrences(text, w).next().is_some())
}

/// `这家有包间吗`, `do they have a private room`: whether the place in view, or a place named
/// (`check if Grandma's Home has high chairs`, `外婆家有没有宝宝椅`), has something for its
/// guests (see [`FACILITIES`]): a question about the place, not about what it sells.
fn asks_for_facility(text: &str) -> bool {
    // Not `here` alone: `is there a restroom around here` looks for one.
    let named = PLACE_REFERENCES
        .iter()
        .filter(|w| !words!["这里", "这儿", "here"].contains(w))
        .chain(SHOP_AS_ITS_PEOPLE)
        .chain(words!["they", "you"])
        .any(|w| occurrences(text, w).next().is_some())
        || asked_of(text).is_some();
    named
        && (asks_has(text) || text.contains("have") || text.contains(" has "))
        && FACILITIES
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
}

/// `do you guys have oat milk`, `does this place sell umbrellas`, `have they got any …`: a
/// question to a shop about what it sells.
fn asks_if_sold(text: &str) -> bool {
    let asks = words!["do ", "does ", "have ", "got "]
        .iter()
        .any(|w| text.starts_with(w) || text.contains(&format!(" {w}")));
    let sells = words!["have", "sell", "carry", "stock", "got"];
    let to_whom = words![
        "you",
        "they",
        "this place",
        "this shop",
        "this store",
        "here",
    ];
    // `got any phone chargers`: asked of the shop one is in.
    let to_the_shop = to_whom
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        || refers_to_place_in_view(text)
        || text.starts_with("got any");
    asks && occurrences(text, "where").next().is_none()
        && sells.iter().any(|w| occurrences(text, w).next().is_some())
        && to_the_shop
        && !text.contains(" you have to ")
}

/// `这个比别的店贵吗`, `is it cheaper than online`: a price set against another.
fn compares_price(text: &str) -> bool {
    let dearer = words!["贵", "便宜", "划算"];
    // `羽绒服在哪儿买最实惠`, `where's the cheapest place to buy this`: where the price is best.
    let best = words![
        "最便宜",
        "最实惠",
        "最划算",
        "cheapest",
        "best price",
        "best deal",
        "best place to buy",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some());
    // `who has the best deal on sneakers`: whoever sells it, asked as a person.
    let where_ = words![
        "哪",
        "where",
        "which shop",
        "which store",
        "who has",
        "who's got",
        "who sells",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some());
    // `哈尔滨红肠在哪里买便宜`, `where to buy a tripod cheap`: where buying comes cheap.
    if (best || bought_cheap(text)) && where_ {
        return true;
    }
    // `这双鞋有没有更便宜的地方买`, `somewhere cheaper to buy this`: a cheaper place.
    let cheaper_place = words!["更便宜", "cheaper"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        && words!["地方", "哪", "where", "somewhere", "place", "store", "shop"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some());
    // `check if it's less somewhere else`, `any lower anywhere else`: a price said against
    // another place.
    let less_elsewhere = words!["less", "lower", "cheaper", "便宜"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        && words![
            "somewhere else",
            "anywhere else",
            "elsewhere",
            "别处",
            "别的地方",
            "其他地方",
        ]
        .iter()
        .any(|w| text.contains(w));
    if cheaper_place || less_elsewhere {
        return true;
    }
    // `这个京东上便宜还是这里便宜`: which of two is cheaper.
    let either = words!["还是", " or "].iter().any(|w| text.contains(w))
        && words!["便宜", "贵", "划算", "cheaper", "cheapest"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some());
    either
        || text
            .match_indices('比')
            .any(|(at, c)| dearer.iter().any(|d| text[at + c.len()..].contains(d)))
        || (text.contains(" than ")
            // `a hotel cheaper than 400`: a bound on a number is what is sought, no comparison.
            && !text.split(" than ").skip(1).any(|after| {
                after.starts_with(|c: char| c.is_ascii_digit() || "¥$".contains(c))
            })
            && words!["cheaper", "pricier", "more expensive", "dearer"]
                .iter()
                .any(|w| text.contains(w)))
}

/// `在哪里买便宜`, `哪儿买比较划算`, `where can I get one cheap`, `… for less`: buying said to come
/// cheap (the price word right after `买`, or closing the English clause).
fn bought_cheap(text: &str) -> bool {
    let zh = text.match_indices('买').any(|(at, c)| {
        let rest = &text[at + c.len()..];
        let rest = words!["比较", "更", "最", "得"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest);
        words!["便宜", "实惠", "划算"]
            .iter()
            .any(|w| rest.starts_with(w))
    });
    let said = text.trim_end_matches(['?', '.', ' ']);
    let en = words!["buy", "get"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        && words![" cheap", " cheaper", " cheaply", " for less"]
            .iter()
            .any(|w| said.ends_with(w));
    zh || en
}

/// `are they open on weekends`, `这家店周日开门吗`: when the place in view (or the one just
/// spoken of) opens, not a search for places open now.
fn asks_hours_of(text: &str, place_reference: bool, a_kind_of_place: bool) -> bool {
    let hours = HOURS;
    let subject = place_reference
        || named_before(text, hours)
        || words!["they", "it", "you", "guys"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some());
    let question = text.ends_with('?')
        || asks_whether(text)
        || text.starts_with("how late ")
        // `灵隐寺几点开放`: a word asking when, before the word of hours.
        || words!["几点", "什么时候", "多晚"].iter().any(|w| text.contains(w))
        || words![" open on ", " open at ", " open till ", " open until "]
            .iter()
            .any(|w| text.contains(w))
        || text.ends_with('吗')
        || words!["are ", "is ", "do ", "does ", "when ", "what time "]
            .iter()
            .any(|w| text.starts_with(w));
    !a_kind_of_place
        && subject
        && question
        && hours.iter().any(|w| occurrences(text, w).next().is_some())
}

/// `开不开门`, `营不营业`, `有货没`: a verb said, then negated, then said again (or a closing
/// `没`/`没有`/`不` after what is asked: `今天开门没有`, `营业了没`; not `还没`, not yet) asks
/// whether.
fn asks_whether(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let said = text.trim_end_matches(['?', ' ']);
    let before = words!["没有", "没", "不"]
        .iter()
        .find_map(|w| said.strip_suffix(w))
        .unwrap_or("");
    chars
        .windows(3)
        .any(|w| w[0] == w[2] && (w[1] == '不' || w[1] == '没') && w[0] != '不')
        || (before.chars().count() >= 2 && !before.ends_with(['还', '也', '都', '并', '我']))
}

/// Ways of paying a place may take.
const PAYMENTS: Words = words![
    "visa",
    "mastercard",
    "amex",
    "apple pay",
    "credit card",
    "credit cards",
    "cash",
    "银联",
    "现金",
    "信用卡",
    "外卡",
];

/// `do they take Visa here`, `这里收不收现金`, `能刷信用卡吗`: whether the place takes a way of
/// paying (asked with a verb of taking, accepting or using it).
fn takes_payment(text: &str) -> bool {
    words![
        "take", "accept", "pay with", "pay by", "收", "用", "刷", "付", "支持",
    ]
    .iter()
    .any(|w| occurrences(text, w).next().is_some())
        && PAYMENTS
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
}

/// Words for what a place is best known for serving (`招牌菜`, `signature dish`).
const SPECIALTY: Words = words![
    "招牌",
    "特色菜",
    "拿手菜",
    "必点",
    "最好吃",
    "signature",
    "specialty",
    "speciality",
    "best dish",
    "known for",
    "must-try",
];

/// `他们家招牌菜是啥`, `what's their signature dish`: what a place is known for serving, asked
/// (not ordered: `点一份招牌菜` orders it).
fn asks_specialty(text: &str) -> bool {
    SPECIALTY
        .iter()
        .any(|w| occurrences(text, w).next().is_some())
        && words!["什么", "啥", "哪", "what", "which"]
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
}

/// Words about the weather.
const WEATHER: Words = words![
    "天气",
    "下雨",
    "下雪",
    "降温",
    "升温",
    "冷不冷",
    "热不热",
    "多少度",
    "气温",
    "刮风",
    "雾霾",
    "weather",
    "rain",
    "raining",
    "snow",
    "snowing",
    "temperature",
    "forecast",
    "how cold",
    "how hot",
    "how warm",
    "冷吗",
    "热吗",
    // How cold or hot a place will be, asked (`会不会很冷`, `is Qingdao chilly in December`).
    "很冷",
    "很热",
    "会冷",
    "会热",
    "多冷",
    "多热",
    "暖和",
    "凉快",
    "chilly",
    "freezing",
    "humid",
    // How cold it is told (`那边得零下二十度了吧`, `挺冷的吧`).
    "零下",
    "度了",
    "挺冷",
    "好冷",
    "贼冷",
    "冷的",
    "cold",
    "degrees",
];

/// `杭州明天降温吗`, `is it going to snow in Harbin tomorrow`: small talk about the weather in a
/// city on a day, no journey (`明天去北京，会下雪吗` still goes: it says a going verb).
fn asks_weather(text: &str) -> bool {
    let text = text
        .replace("is it going to", " ")
        .replace("it's going to", " ");
    let goes = words![
        "去", "飞", "出发", "出差", "旅游", "玩", "trip", "travel", "fly", "flying", "visit",
        "heading", "go to", "going to", "off to",
    ];
    WEATHER
        .iter()
        .any(|w| occurrences(&text, w).next().is_some())
        && !goes.iter().any(|w| occurrences(&text, w).next().is_some())
}

/// Words asking when a place opens or closes.
pub const HOURS: Words = words![
    "open", "opens", "close", "closes", "closed", "shut", "shuts", "开门", "关门", "营业", "开到",
    "打烊", "休息", "歇业", "day off", "开放",
];

/// `奎元馆几点打烊`, `知味观今天开门吗`, `what time does Zhiweiguan close`: a place named as
/// the subject of a question about its hours (not `附近哪家还开着`, `is anything open`).
fn named_before(text: &str, hours: Words) -> bool {
    head_before(text, hours).is_some()
}

/// `What time does Shanghai Museum open`, `浙江美术馆明天几点开门`: the place whose hours are
/// asked is a kind of place with a name before it — one place, not a search for the kind.
fn named_kind(text: &str) -> bool {
    let Some(mut head) = head_before(text, HOURS) else {
        return false;
    };
    // `浙江美术馆周一开门吗`: a weekday is when, no part of the name (alone, `周一开门吗`, it
    // stands for the place asked about, as `they` does).
    for day in words!["周", "星期", "礼拜"] {
        for nth in "一二三四五六日天".chars() {
            head = head.replace(&format!("{day}{nth}"), " ");
        }
    }
    // `浙江美术馆周一开门吗`: an unlisted kind (`美术馆`) said with a name before it (five
    // characters or more in all; `美术馆开门吗` alone is the kind), alone before the hours, is
    // one place too.
    let first: &str = head.split(' ').next().unwrap_or("");
    let unlisted = first.chars().count() >= 5
        && first.chars().all(|c| !c.is_ascii())
        && shop_of_something(first);
    unlisted
        || lexicon::find_all(&head, lexicon::CATEGORIES)
            .first()
            .is_some_and(|c| {
                let name = head[..c.start].trim();
                !name.is_empty()
                    && !words![
                        "a",
                        "an",
                        "the",
                        "nearest",
                        "closest",
                        "local",
                        "最近的",
                        "附近的",
                        "这家",
                        "那家",
                    ]
                    .iter()
                    .any(|w| name == w || name.ends_with(&format!(" {w}")))
            })
}

/// What is said before the first word of hours, with the asking frame and time words taken
/// out, when it names something (not `哪`, `any`, `they` …).
fn head_before(text: &str, hours: Words) -> Option<String> {
    let at = hours
        .iter()
        .filter_map(|w| occurrences(text, w).next().map(|(s, _)| s))
        .min()?;
    let mut head = text[..at].to_string();
    for asked in words![
        "what time does ",
        "what time is ",
        "when does ",
        "when is ",
        "how late does ",
        "how late is ",
        "does ",
        "is ",
    ] {
        if let Some(rest) = head.strip_prefix(asked) {
            head = rest.to_string();
            break;
        }
    }
    for time in words![
        "今天",
        "明天",
        "后天",
        "周末",
        "几点",
        "什么时候",
        "晚上",
        "早上",
        "现在",
        "还",
        "today",
        "tomorrow",
        "still",
        "the ",
    ] {
        head = head.replace(time, " ");
    }
    let head = head.trim();
    let vague = words![
        "哪",
        "附近",
        "有没有",
        "什么",
        "which",
        "any",
        "nearby",
        "there",
        "it",
        "they",
        "you",
        "他",
        "她",
        "它",
        "everything",
        "something",
    ];
    // A name is a few words in English (`Zhejiang Provincial Museum`), a few characters in Chinese.
    let short = if head.is_ascii() {
        head.split_whitespace().count() <= 4
    } else {
        head.chars().count() <= 20
    };
    (!head.is_empty() && short && !vague.iter().any(|w| occurrences(head, w).next().is_some()))
        .then(|| head.to_string())
}

/// `打车去机场`, `take a taxi to the airport`: going somewhere by a named means.
fn goes_by_mode(text: &str) -> bool {
    !lexicon::find_all(text, lexicon::MODES).is_empty()
        && (words!["去", "到", "回", " to ", " home"]
            .iter()
            .any(|w| text.contains(w))
            // `go Lingyin Temple, by bike`: a going said without its `to`.
            || text.starts_with("go "))
}

/// `有…吗`, `any …`: asking whether something is there (not the `有` of a closing `没有`,
/// which only asks whether: `周日开门没有`).
fn asks_has(text: &str) -> bool {
    let said = text.trim_end_matches(['?', ' ']);
    // `check if this shop has halal beef`: having said of the place pointed at.
    let has_here = words!["has", "have"].iter().any(|w| {
        occurrences(text, w).any(|(start, _)| {
            let before = text[..start].trim_end();
            words!["this shop", "this store", "this place", "they", "you guys"]
                .iter()
                .any(|p| before.ends_with(p))
        })
    });
    said.strip_suffix("没有").unwrap_or(said).contains('有')
        || has_here
        || occurrences(text, "any").any(|(_, end)| !text[end..].trim_start().starts_with("good"))
}

/// `This sign. English, please.`, `in Chinese please`: a language named on its own, opening
/// its clause and followed by `please`, asks for what is in view in that language (not `can
/// you speak English please`, where a verb comes before it).
fn asks_for_a_language(text: &str) -> bool {
    words!["english", "chinese"].iter().any(|lang| {
        occurrences(text, lang).any(|(start, end)| {
            let head = text[..start].trim_end();
            let head = head
                .strip_suffix(" in")
                .or(head.strip_suffix("in"))
                .unwrap_or(head);
            let rest = text[end..].trim_start_matches([',', ' ']);
            head.trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
                && rest.starts_with("please")
        })
    })
}

/// `read the menu to me`, `can you read the label`: reading something out.
fn reads_something(text: &str) -> bool {
    const READ: Words = words![
        "this",
        "that",
        "it",
        "the sign",
        "the menu",
        "the label",
        "the notice",
        "what",
        "these",
    ];
    occurrences(text, "read").any(|(_, end)| {
        let rest = text[end..].trim_start();
        READ.iter().any(|w| rest.starts_with(w))
    })
}

/// `read me the details`, `read out the reviews`, `read me more about it`: what is read out
/// after the cue at `end` is what is known of something (its details, reviews, hours), told
/// to the wearer — no writing in view to read.
fn reads_what_is_known(text: &str, end: usize) -> bool {
    const KNOWN: Words = words![
        "details",
        "info",
        "information",
        "reviews",
        "rating",
        "ratings",
        "more",
        "about",
    ];
    let rest = text[end..].trim_start();
    let rest = words!["the ", "its ", "their ", "some "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    KNOWN.iter().any(|w| {
        rest.strip_prefix(w)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', '.', '?', '!']))
    })
}

/// Things that carry writing (`what's on that notice board`).
const WRITTEN: Words = words![
    "sign", "board", "notice", "poster", "flyer", "leaflet", "menu", "label", "banner", "placard",
    "plaque", "screen",
];

/// Chinese words for things that carry writing (`这个牌子，写什么`).
const WRITTEN_ZH: Words = words![
    "牌子", "招牌", "标牌", "告示", "通知", "菜单", "标签", "海报", "横幅", "说明", "上面",
];

/// `this signboard say what`, `那块招牌，上面写什么`: the question word left where the words
/// written would be, after a thing that carries writing.
fn asks_what_is_written(text: &str) -> bool {
    let said = text.trim_end_matches(['?', '.', '!', ' ']);
    let en = words![
        " say what",
        " says what",
        " write what",
        " written what",
        " mean what",
    ]
    .iter()
    .any(|w| said.ends_with(w))
        && WRITTEN.iter().any(|w| said.contains(w));
    let zh = words!["写什么", "写了什么", "说什么", "说了什么"]
        .iter()
        .filter_map(|w| said.find(w))
        .any(|at| WRITTEN_ZH.iter().any(|w| said[..at].contains(w)));
    en || zh
}

/// `what does this sign say`, `what does the menu say`: a question about what is written.
fn says_what(text: &str) -> bool {
    if asks_what_is_written(text) {
        return true;
    }
    let Some(at) = words!["what does ", "what do ", "what's ", "what "]
        .iter()
        .find_map(|w| text.find(w))
    else {
        return false;
    };
    let rest = text[at..].trim_end_matches(['?', '.', '!', ' ']);
    let pointed = words!["this", "that", "the sign", "the label", "the menu"]
        .iter()
        .any(|w| rest.contains(w));
    // `what's it telling me`, `what is this saying`: the thing pointed at speaks.
    let speaks = words!["it", "this", "that"]
        .iter()
        .any(|w| occurrences(rest, w).next().is_some())
        && words![" telling me", " saying", " trying to tell me"]
            .iter()
            .any(|w| rest.ends_with(w));
    // `what's on that notice board`, `what's on this flyer`: what a thing with writing holds.
    let written_on = words!["what's on ", "what is on ", "what's written on "]
        .iter()
        .any(|w| rest.starts_with(w))
        && WRITTEN
            .iter()
            .any(|w| occurrences(rest, w).next().is_some());
    speaks
        || written_on
        || rest.ends_with(" say")
        || rest.ends_with(" says")
        || (pointed && rest.ends_with(" mean"))
        || rest.contains(" say in ")
        || rest.contains(" say here")
        // `what are these dishes in English`: what things are called in a language.
        || rest.ends_with(" in english")
        || rest.ends_with(" in chinese")
}

/// The kind a clause is about, if any cue is strong enough. Ties go to the earlier kind in
/// the taxonomy except where a more specific cue settles it.
pub fn classify(text: &str) -> Option<(IntentKind, u32)> {
    let scores = scores(text);
    let best = scores.iter().map(|(_, s)| *s).max()?;
    if best < MIN_SCORE {
        return None;
    }
    let tied: Vec<IntentKind> = scores
        .iter()
        .filter(|(_, s)| *s == best)
        .map(|(k, _)| *k)
        .collect();
    // Specific beats generic on a tie: navigation/guide/stock/compare/food over buy and find.
    const PRECEDENCE: [IntentKind; 11] = [
        IntentKind::SignTranslate,
        IntentKind::Navigate,
        IntentKind::BikeUnlock,
        IntentKind::FoodOrder,
        IntentKind::ProductStock,
        IntentKind::ProductCompare,
        IntentKind::PlaceInfo,
        IntentKind::LandmarkGuide,
        IntentKind::TripPlan,
        IntentKind::ProductBuy,
        IntentKind::PlaceFind,
    ];
    PRECEDENCE
        .into_iter()
        .find(|k| tied.contains(k))
        .map(|k| (k, best))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terse_and_singlish_questions_keep_their_kind() {
        let kind = |t: &str| classify(&crate::intent::parse::normalize(t)).map(|(k, _)| k);
        assert_eq!(
            kind("This signboard say what ah?"),
            Some(IntentKind::SignTranslate)
        );
        assert_eq!(
            kind("那块招牌上面写什么呢"),
            Some(IntentKind::SignTranslate)
        );
        assert_eq!(kind("生日贺卡上写什么好"), None);
        assert_eq!(kind("楼外楼今天开门没有噢"), Some(IntentKind::PlaceInfo));
        assert!(!asks_whether("他还没"));
        assert!(rides_there("下周六去千岛湖骑行"));
        assert!(!rides_there("骑车去湘湖"));
        assert!(!rides_there("去浙大紫金港 , 骑车"));
        assert_eq!(
            kind("Order laksa to my office"),
            Some(IntentKind::FoodOrder)
        );
        assert_eq!(kind("order a cab to my hotel"), Some(IntentKind::Navigate));
    }

    #[test]
    fn riding_somewhere_is_a_route_and_a_bike_number_unlocks() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        assert_eq!(kind("想骑个车到植物园"), Some(IntentKind::Navigate));
        assert_eq!(
            kind("ride a bike over to hangzhou library"),
            Some(IntentKind::Navigate)
        );
        assert_eq!(ride_span("想骑个车到植物园"), Some((3, 15)));
        assert_eq!(ride_span("扫码骑车"), None);
        // An unlock needs a code, scanning or a word of unlocking.
        assert_eq!(kind("扫码骑车"), Some(IntentKind::BikeUnlock));
        assert_eq!(
            kind("帮我开一下车号hzbike-55821的单车"),
            Some(IntentKind::BikeUnlock)
        );
        assert_eq!(kind("车号是hz-50231"), Some(IntentKind::BikeUnlock));
        assert!(!names_a_bike("航班cz5021几点起飞"));
    }

    #[test]
    fn walking_or_cycling_is_never_a_trip() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        assert_eq!(
            kind("get me to hangzhou library on foot"),
            Some(IntentKind::Navigate)
        );
        // What a place is for is no way of going.
        assert!(!walks_or_cycles("find me a park to walk in"));
    }

    #[test]
    fn a_kind_of_place_told_about_is_place_info_and_a_legend_in_view_a_guide() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        assert_eq!(
            kind("tell me about the lost heaven restaurant"),
            Some(IntentKind::PlaceInfo)
        );
        assert_eq!(kind("is it pricey"), Some(IntentKind::PlaceInfo));
        assert_eq!(
            kind("这个塔跟白娘子有啥关系"),
            Some(IntentKind::LandmarkGuide)
        );
        assert_eq!(
            kind("tell me about this temple"),
            Some(IntentKind::LandmarkGuide)
        );
    }

    #[test]
    fn what_is_on_a_thing_with_writing_is_a_translation() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        for said in ["给咱翻成中国话", "帮我翻成英文"] {
            assert_eq!(kind(said), Some(IntentKind::SignTranslate), "{said}");
        }
        assert_eq!(
            kind("what's on that notice board"),
            Some(IntentKind::SignTranslate)
        );
        assert_eq!(
            kind("what's on this flyer"),
            Some(IntentKind::SignTranslate)
        );
    }

    #[test]
    fn new_frames_of_asking_go_to_their_kinds() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        // A verb said, negated and said again asks whether.
        assert!(!negated("开不开门", "开不".len()));
        assert!(asks_whether("知味观今天开不开门"));
        assert_eq!(kind("知味观今天开不开门"), Some(IntentKind::PlaceInfo));
        assert_eq!(kind("楼外楼今天营不营业"), Some(IntentKind::PlaceInfo));
        assert_eq!(
            kind("add two phone cases to my cart"),
            Some(IntentKind::ProductBuy)
        );
        assert_eq!(
            kind("check if it's less somewhere else"),
            Some(IntentKind::ProductCompare)
        );
        assert_eq!(kind("他们家招牌菜是啥"), Some(IntentKind::PlaceInfo));
        assert_eq!(
            kind("what's their signature dish"),
            Some(IntentKind::PlaceInfo)
        );
        assert_eq!(kind("从这家店点一份招牌菜"), Some(IntentKind::FoodOrder));
        assert_eq!(kind("我要去城站，公交怎么坐"), Some(IntentKind::Navigate));
        assert_eq!(
            kind("which bus goes to the broken bridge"),
            Some(IntentKind::Navigate)
        );
        assert_eq!(
            kind("get me a cab to the hangzhou grand theatre"),
            Some(IntentKind::Navigate)
        );
        assert_eq!(kind("你觉得元旦哈尔滨会不会很冷"), None);
        // A cue ending in `a` is said with `an` too; a cue inside a word is none.
        assert_eq!(
            kind("i should grab an electric kettle"),
            Some(IntentKind::ProductBuy)
        );
        assert_eq!(kind("附近哪有能打印的地方"), Some(IntentKind::PlaceFind));
        assert_eq!(kind("这上面印的是什么"), Some(IntentKind::SignTranslate));
        // Nights of lodging are a trip's; a guide of a length; what a landmark is for.
        assert_eq!(kind("住一晚"), Some(IntentKind::TripPlan));
        assert_eq!(
            kind("give me the two-minute version of the leifeng pagoda"),
            Some(IntentKind::LandmarkGuide)
        );
        assert_eq!(kind("这个寺庙是干嘛的"), Some(IntentKind::LandmarkGuide));
        // A way of paying taken; when a place is open to visitors; how a landmark came to be;
        // food brought is ordered.
        assert_eq!(kind("do they take visa here?"), Some(IntentKind::PlaceInfo));
        assert_eq!(kind("这里周一开放吗"), Some(IntentKind::PlaceInfo));
        assert_eq!(kind("灵隐寺几点开放"), Some(IntentKind::PlaceInfo));
        assert_eq!(kind("这家店晚上几点关"), Some(IntentKind::PlaceInfo));
        // A verb said, negated and said again before a cue; which of two is cheaper.
        assert_eq!(kind("这家要不要预约"), Some(IntentKind::PlaceInfo));
        assert_eq!(
            kind("这个京东上便宜还是这里便宜"),
            Some(IntentKind::ProductCompare)
        );
        assert_eq!(
            kind("给我老婆挑一支口红当礼物"),
            Some(IntentKind::ProductBuy)
        );
        assert_eq!(kind("这款耳机还有白色的吗"), Some(IntentKind::ProductStock));
        assert_eq!(kind("who is buried here"), Some(IntentKind::LandmarkGuide));
        assert_eq!(
            kind("show me the way back to my hotel"),
            Some(IntentKind::Navigate)
        );
        assert_eq!(
            kind("中午帮我订份黄焖鸡送到公司"),
            Some(IntentKind::FoodOrder)
        );
        assert_eq!(
            kind("can we get two portions of fried rice sent up to room 1203"),
            Some(IntentKind::FoodOrder)
        );
        assert_eq!(
            kind("can i pay with apple pay here"),
            Some(IntentKind::PlaceInfo)
        );
        assert_eq!(kind("三潭印月是怎么来的"), Some(IntentKind::LandmarkGuide));
        assert_eq!(
            kind("get me a bubble tea delivered to the office"),
            Some(IntentKind::FoodOrder)
        );
        assert_eq!(kind("is qingdao chilly in december"), None);
    }

    #[test]
    fn a_negation_glued_to_the_word_before_negates_nothing() {
        assert!(!negated("今天特别想吃", "今天特别".len()));
        assert!(negated("别想吃", "别".len()));
    }

    #[test]
    fn clauses_go_to_the_right_kind() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        assert_eq!(
            kind("帮我规划下周五去哈尔滨的行程"),
            Some(IntentKind::TripPlan)
        );
        assert_eq!(kind("顺便买双42码的雪地靴"), Some(IntentKind::ProductBuy));
        // Goods named with a dish's word, brought, are bought; the dish itself is ordered.
        assert!(!dish_delivered("下单两罐奶粉 , 明天送到"));
        assert!(!dish_delivered("get me a rice cooker delivered to my flat"));
        assert!(dish_delivered("来一碗米粉 , 送到宿舍"));
        assert_eq!(kind("买一袋洗衣粉，送到家"), Some(IntentKind::ProductBuy));
        // A city said as a style is no trip; one gone to is.
        assert!(!names_a_city("要正宗长沙那种"));
        assert!(!names_a_city("the proper shanghai kind"));
        assert!(names_a_city("下周去长沙"));
        // A place abroad said by its own name inside Chinese, gone to for a holiday.
        assert_eq!(kind("想去osaka玩"), Some(IntentKind::TripPlan));
        assert_eq!(kind("去bali度假一下"), Some(IntentKind::TripPlan));
        assert!(!goes_abroad_by_name("去朋友家玩"));
        assert!(!goes_abroad_by_name("去ktv玩"));
        assert!(!goes_abroad_by_name("去costco逛逛"));
        // A portion put in an order at the eatery in view, by its people, is food.
        assert!(portion_put_in_order("帮我在他们家下单一份肉蟹煲"));
        assert!(!portion_put_in_order("下单两包纸巾"));
        assert_eq!(
            kind("帮我在他们家下单一份肉蟹煲"),
            Some(IntentKind::FoodOrder)
        );
        // How long an answer should be, said alone, asks for a guide (to what is in view).
        assert_eq!(kind("keep it short"), Some(IntentKind::LandmarkGuide));
        assert_eq!(
            kind("tell me a bit about this bridge"),
            Some(IntentKind::LandmarkGuide)
        );
        // Where the thing in view is had is a stock question.
        assert_eq!(
            kind("is this in stock anywhere nearby?"),
            Some(IntentKind::ProductStock)
        );
        assert_eq!(
            kind("附近哪家店有这个的现货"),
            Some(IntentKind::ProductStock)
        );
        assert!(!this_had_nearby("is there a pharmacy nearby"));
        // A cue word that starts the name of the thing bought asks nothing of its own.
        assert_eq!(kind("给孩子买个电话手表"), Some(IntentKind::ProductBuy));
        assert!(names_what_is_bought(
            "买个电话手表",
            "买个".len(),
            "买个电话".len()
        ));
        assert!(!names_what_is_bought(
            "买完了，电话多少",
            "买完了，".len(),
            "买完了，电话".len()
        ));
        assert_eq!(kind("附近有什么好吃的"), Some(IntentKind::PlaceFind));
        assert_eq!(kind("雷峰塔怎么走"), Some(IntentKind::Navigate));
        assert_eq!(kind("unlock this bike"), Some(IntentKind::BikeUnlock));
        // Food ordered, even one the catalogue sells too; a good named after a food is a good.
        assert_eq!(kind("order me a bubble tea"), Some(IntentKind::FoodOrder));
        assert_eq!(kind("order me a flat white"), Some(IntentKind::FoodOrder));
        assert_eq!(
            kind("order me some coffee beans"),
            Some(IntentKind::ProductBuy)
        );
        assert_eq!(kind("order a phone tripod"), Some(IntentKind::ProductBuy));
        assert_eq!(
            kind("I'll bike over to Bai Causeway"),
            Some(IntentKind::Navigate)
        );
        assert_eq!(kind("去西湖"), Some(IntentKind::Navigate));
        assert_eq!(kind("骑车去灵隐寺"), Some(IntentKind::Navigate));
        assert_eq!(kind("骑车去公司"), Some(IntentKind::Navigate));
        assert_eq!(kind("我想吃小笼包"), Some(IntentKind::PlaceFind));
        assert_eq!(kind("扫码骑车"), Some(IntentKind::BikeUnlock));
        assert_eq!(kind("the weather is nice"), None);
    }

    #[test]
    fn intent_round_fifteen_hours_of_a_named_place_and_worth_a_visit() {
        let kind = |t: &str| classify(t).map(|(k, _)| k);
        assert_eq!(
            kind("when does the hangzhou museum close"),
            Some(IntentKind::PlaceInfo)
        );
        assert_eq!(kind("西湖美术馆周日几点开门"), Some(IntentKind::PlaceInfo));
        assert_eq!(
            kind("is there a museum open now"),
            Some(IntentKind::PlaceFind)
        );
        assert_ne!(kind("这家店值不值得去"), Some(IntentKind::ProductCompare));
        assert_eq!(kind("这个包值不值这个价"), Some(IntentKind::ProductCompare));
    }

    #[test]
    fn intent_round_twenty_six_going_back_bikes_taxis_meals_and_having_told() {
        let kind = |t: &str| classify(&crate::intent::parse::normalize(t)).map(|(k, _)| k);
        assert!(goes_somewhere("下周五回南宁"));
        assert!(!goes_somewhere("晚上回家") && !goes_somewhere("等他回复"));
        assert_eq!(going_back("下周五回南宁").next(), Some("下周五回".len()));
        assert_eq!(going_back("带回去给我妈，回来再说").next(), None);
        assert!(a_journey_on_a_day("下周六回银川"));
        assert!(!says_a_stay("去朱家尖的轮渡一天有几班"));
        assert_eq!(kind("下周三回赣州 , 两个人"), Some(IntentKind::TripPlan));
        assert_eq!(kind("帮我开辆单车"), Some(IntentKind::BikeUnlock));
        assert_eq!(kind("帮我扫这台脚踏车"), Some(IntentKind::BikeUnlock));
        assert_ne!(kind("这台电脑多少钱"), Some(IntentKind::BikeUnlock));
        assert_eq!(
            kind("get us a taxi to Hangzhou International Expo Center"),
            Some(IntentKind::Navigate)
        );
        assert_eq!(kind("Order a Happy Meal"), Some(IntentKind::FoodOrder));
        assert_eq!(
            kind("buy meal prep containers"),
            Some(IntentKind::ProductBuy)
        );
        assert_eq!(kind("帮我整根数据线"), Some(IntentKind::ProductBuy));
        assert!(a_having_told("the baby has a fever"));
        assert!(!a_having_told("does watsons have sunscreen"));
    }
}
