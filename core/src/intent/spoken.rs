//! Words of the spoken voice that carry no request: a particle closing a clause
//! (`楼外楼今天开门没有噢`, `Order me a bowl of pho lah`) and the Singlish shapes of a question
//! (`where got …`, `got … or not`, `… can or not`, `… what one`), said plainly before anything
//! is read, and regional words for the way and for walking somewhere (`指个道儿`, `溜达到`),
//! and the function words of the dialect groups (Cantonese, Hakka, Wu, Min, Gan, Xiang, Jin,
//! northern and southwestern Mandarin: `呢间`, `边度`, `𠊎`, `倷`, `有无`, `伐`, `俺`, `冇得`) and
//! of world Englishes' openers and particles said in the common words, so every cue, frame and
//! value sees the words it knows.

use super::words::{WordPairs, Words, pairs, words};

/// Chinese sentence-final particles: said after a question or a request, they only colour it
/// (`吗`, `么`, `吧` are not here: they ask or suggest); with the Henan and Jin `哩`, the
/// southwestern `噻`, the Xiang `啰` and `哒`, and the Wu `哉`.
pub(crate) const ZH_PARTICLES: &[char] = &[
    '噢', '哦', '喔', '呀', '嘛', '呢', '啵', '咧', '啦', '嘞', '哇', '啊', '呗', '哟', '咯', '哩',
    '噻', '啰', '哉', '哒', '噶',
];

/// Singlish and Malaysian English particles closing a clause (`… lah`, `… ah`, `… leh`).
/// The Filipino polite `po` and softening `naman`, and `na` (Taglish, Indian English), close a
/// clause the same way (`Walk me to Hubin Yintai po`, `sinigang naman`), as do the Thai polite
/// `ka`/`kha` and `krub`/`khrap` (`Does Watsons have tiger balm ka`, `… na ka`), the
/// Canadian `eh`, the Singlish `mah`, `wor`, the British `innit`, the Indian `yaar`, `bhai`,
/// `dei`, `ji`, `da`, the Nigerian `abi`, `sha`, `abeg`, `o`, the Arabic `inshallah`, `mashallah`,
/// `wallah`, and the listener called by a word that is never a thing or a companion (Samoan
/// `uso`, Baltimore `hon`, Cajun `cher`, Colombian `parce`, Portuguese `pá`,
/// `bruh`; not `bro`, `mate`, `boss`, which name one's own too: `with my bro`), the Hong Kong
/// `la` and the Taglish `ba` (not after a word of place or a name's word: `fly to LA`,
/// `Shangri La`, `Ali Ba Ba`, [`NAMED_AFTER`]), the Taglish `talaga` and the Caribbean `nuh`.
pub(crate) const EN_PARTICLES: Words = words![
    "la",
    "ba",
    "talaga",
    "nuh",
    "lah",
    "leh",
    "lor",
    "ah",
    "meh",
    "hor",
    "sia",
    "po",
    "naman",
    "na",
    "ka",
    "kha",
    "krub",
    "khrap",
    "eh",
    "mah",
    "wor",
    "innit",
    "yaar",
    "bhai",
    "dei",
    "ji",
    "da",
    "abi",
    "sha",
    "abeg",
    "o",
    "inshallah",
    "mashallah",
    "wallah",
    "uso",
    "hon",
    "cher",
    "parce",
    "pá",
    "bruh",
];

/// Words said alone as a clause before the request that only open it or call the listener
/// (Taglish `ate`, `kuya`, `sige`, `ano ba`; Scots `aye`, `och`; Ningxia `嘛达`, no matter;
/// Arabic `yalla`, Italian `allora`, `boh`, Singlish `aiyo`, `alamak`, `wah lau`, Nigerian
/// `oya`, the exclamations `哎呀`, `咦`, `喂`, calling `老板`, `师傅`) or greet it (`你好`, `hey`): they carry nothing and are left out (`Ate, does this shop have
/// calamansi po?`, `你好，这家店几点关门`).
const OPENERS: Words = words![
    "ate",
    "kuya",
    "sige",
    // Swahili `sawa` (all right).
    "sawa",
    "ano ba",
    "ano",
    "aye",
    "och",
    "嘛达",
    "嘛哒",
    "你好",
    "您好",
    "哈喽",
    "嗨",
    "hi",
    "hello",
    "hey",
    "hey there",
    "hi there",
    "excuse me",
    "yalla",
    "allora",
    "boh",
    "oi",
    "oy",
    "aiyo",
    "aiyah",
    "aiya",
    "alamak",
    "wah",
    "wah lau",
    "haiya",
    "oya",
    "g'day",
    "howzit",
    "哎",
    "哎呀",
    "哎哟",
    "欸",
    "诶",
    "喂",
    "咦",
    "唉",
    "嘿",
    "哇塞",
    "老板",
    "师傅",
    // A polite clause asking leave first (`If it isn't too much trouble, could I have …`).
    "if it isn't too much trouble",
    "if it's not too much trouble",
    "if you don't mind",
    "sorry to bother you",
];

/// A hesitation said alone as the first clause (`um, does Decathlon have …`, `嗯，…`): left out
/// like [`OPENERS`]; later in the sentence it may mark what follows as a clarification
/// (`打车去万象城，嗯，就是那个新开的商场`), so it stays there.
const HESITATIONS: Words = words!["um", "umm", "uh", "er", "erm", "嗯", "呃"];

/// Thanks said alone as the last clause, after the request (`比一下价，谢谢`, `compare prices,
/// thanks`): it carries nothing and is left out, so it is never read as a value.
const CLOSERS: Words = words![
    "谢谢",
    "谢谢你",
    "谢谢您",
    "谢谢啦",
    "谢啦",
    "谢了",
    "多谢",
    "多谢了",
    "thanks",
    "thank you",
    "thanks a lot",
    "thank you very much",
    "thank you so much",
    "many thanks",
    "thx",
    "cheers",
];

/// English auxiliaries the Scots `-nae` negates (`cannae`, `dinnae`, `isnae`): said as `-n't`.
const SCOTS_AUXILIARIES: Words = words![
    "can", "do", "did", "does", "is", "was", "are", "were", "would", "could", "should", "have",
    "has", "had", "must", "need",
];

/// What a name that starts with the Wu `阿拉` (we, I) goes on with: `阿拉伯`, `阿拉斯加`,
/// `阿拉丁`, `阿拉善`, `阿拉木图`, `阿拉巴马` are places and names, not the wearer.
const ALA_NAMES: &str = "伯斯丁善木巴贡蕾";

/// Words that end a list in the air (`the reviews all that`, `the history and stuff`,
/// `门票之类的`): what came before them is what is asked (not `什么的`: `这是干什么的` asks).
const LIST_ENDS: Words = words![
    " and all that",
    " all that",
    " and stuff",
    " and so on",
    " and everything",
    "之类的",
];

/// Polite hedges said plainly, and regional words (Beijing's `儿化` speech above all) for the
/// way, a place and walking somewhere, with the common word each stands for: `给我指个道儿`
/// asks the way as `指个路` does, `找个地儿吃饭` a place as `找个地方` does, and strolling
/// (`溜达`, `遛弯儿`) or going on one's legs (`腿儿着`) to somewhere is walking there (`溜达到断桥`
/// is `走到断桥`); strolling said alone (`溜达溜达真舒坦`) goes nowhere and stays.
const REGIONAL: WordPairs = pairs![
    // Polite hedges before a request only soften it (`I was wondering whether it might be
    // possible to buy …`, `would you mind checking whether …`): the request is said plainly.
    ("i was wondering whether it might be possible to ", ""),
    ("i was wondering if it might be possible to ", ""),
    ("i was wondering if you could ", ""),
    ("would it be possible to ", ""),
    ("would you mind checking ", "check "),
    ("would you mind ", ""),
    ("could you possibly ", ""),
    ("道儿", "路"),
    ("地儿", "地方"),
    ("溜达溜达到", "走到"),
    ("溜达到", "走到"),
    ("溜达去", "走去"),
    ("溜达过去", "走过去"),
    ("遛弯儿到", "走到"),
    ("遛弯儿去", "走去"),
    ("腿儿着去", "走着去"),
    ("腿着去", "走着去"),
    // Cantonese said in Mandarin (`呢间店几点关门`, `边度有得食`, `仲有冇`): words written only
    // in Cantonese, so no Mandarin word is touched (`唔该` first: a please, not `不`).
    ("唔该", "请"),
    ("系唔系", "是不是"),
    ("系咪", "是不是"),
    ("呢间", "这家"),
    ("嗰间", "那家"),
    ("边间", "哪家"),
    ("呢个", "这个"),
    ("呢度", "这里"),
    ("嗰度", "那里"),
    ("嗰个", "那个"),
    ("边个", "哪个"),
    // `喺边度` where at (`边度` itself is said as `哪里` first, see [`GUARDED`]).
    ("喺哪里", "在哪里"),
    ("几多钱", "多少钱"),
    ("埋单", "买单"),
    ("咩嘢", "什么"),
    ("点样", "怎么"),
    ("仲有", "还有"),
    ("听日", "明天"),
    ("今日", "今天"),
    ("佢哋", "他们"),
    ("我哋", "我们"),
    ("佢", "他"),
    ("搵", "找"),
    ("叫部车", "叫辆车"),
    ("睇", "看"),
    ("畀我", "给我"),
    ("唔使", "不用"),
    ("唔", "不"),
    ("冇得", "没有"),
    ("冇", "没有"),
    ("喺", "在"),
    ("咁", "这么"),
    ("嘅", "的"),
    ("靓", "漂亮"),
    // Shanghainese `覅` is don't (`侬`, you, is left: it ends names, `迪卡侬`).
    ("覅", "不要"),
    // Tianjin `似嘛` is `是什么` (`介似嘛塔`) and `说道说道` tell about it.
    ("似嘛", "是什么"),
    ("说道说道", "讲讲"),
    // Northern (Shandong, Henan) `俺` is I and `恁` you (`俺闺女说…`, `恁帮俺整一下`); Hunan
    // `冇得` is have not (`屋里冇得奶粉了`, `有冇得…卖`: said above, before Cantonese `冇`, so no
    // `得` is left to a value) and `伢子` a child (`带伢子一起`).
    ("俺", "我"),
    ("恁", "你"),
    ("伢子", "孩子"),
    // Wu (Shanghai, Ningbo, Zhoushan): `几钿` how much, `今朝` today (`明朝`, tomorrow, in
    // `wu_words`), `脚踏车` a bicycle, `爿`
    // a shop's measure word (`这爿店`), `比比看` compare and see; Gan and Guangxi `老表` a cousin.
    ("几钿", "多少钱"),
    ("今朝", "今天"),
    ("脚踏车", "自行车"),
    ("这爿", "这家"),
    ("那爿", "那家"),
    ("一爿", "一家"),
    ("比比看", "比比"),
    ("老表", "表哥"),
    // Southwestern (Sichuan, Chongqing, Yunnan, Guizhou) and Hunan words: `莫得` have not
    // (`没得`, guarded, in `southwestern_words`), `撒子`/`啥子`/`么子` what (`啥` is already
    // `什么` here), `咋个` how (`咋` already `怎么`); Shaanxi `咥` eat and `木有` have not.
    ("莫得", "没有"),
    ("撒子", "什么"),
    ("什么子", "什么"),
    ("么子", "什么"),
    ("怎么个", "怎么"),
    // `啥时候关门` (said `什么时候` before any word is read): when it opens or closes is the hour.
    ("什么时候关门", "几点关门"),
    ("什么时候开门", "几点开门"),
    // Ningbo and Shaoxing `咋话` how, what (`咋话样`, `咋话叫`; `咋` is already `怎么`).
    ("怎么话", "怎么"),
    ("咥", "吃"),
    ("木有", "没有"),
    // Made once from the dialect groups' common function words, not one word a part showed:
    // Hakka `𠊎` I, `脉个` what; Cantonese `乜嘢` what, `咗` done, `啲` some, `嚟`
    // come, `点解` why, `係` is; Wu `倷` you, `物事` thing, `辰光` time, `勿要` don't, `呒` not,
    // `小囡` child, `落雨` rain, `上趟` last time; Min `有无` have or not, `按怎` how, `佗位`
    // where, `毋通` don't, `𪜶` they; Gan and Xiang `恰饭` eat, `么里` what; Jin `甚` what;
    // northeastern `嘎哈` what for, `这嘎达` here; southwestern `啷个` how, `勒个` this.
    ("𠊎", "我"),
    ("脉个", "什么"),
    ("乜嘢", "什么"),
    ("乜", "什么"),
    ("做咩", "做什么"),
    ("咗", "了"),
    ("啲", "些"),
    ("嚟", "来"),
    ("点解", "为什么"),
    ("係", "是"),
    ("系什么", "是什么"),
    ("倷", "你"),
    ("什么物事", "什么"),
    ("物事", "东西"),
    ("辰光", "时候"),
    ("勿要", "不要"),
    ("呒没", "没有"),
    ("呒", "没"),
    ("小囡", "小孩"),
    ("落雨", "下雨"),
    ("上趟", "上次"),
    ("有无", "有没有"),
    ("按怎", "怎么"),
    ("佗位", "哪里"),
    ("毋通", "不要"),
    ("𪜶", "他们"),
    ("恰饭", "吃饭"),
    ("么里", "什么"),
    ("做甚", "做什么"),
    ("干甚", "干什么"),
    ("甚时候", "什么时候"),
    ("甚么", "什么"),
    ("嘎哈", "干什么"),
    ("这嘎达", "这里"),
    ("那嘎达", "那里"),
    ("啷个", "怎么"),
    ("勒个", "这个"),
    // Wu `有弗有`, `阿有` have or not; Gan and Wu `渠` he, in what he said (`渠讲…`).
    ("有弗有", "有没有"),
    ("阿有", "有没有"),
    ("渠讲", "他说"),
    // Hubei `么事`, what, after what is written (`洋文写的么事`).
    ("写的么事", "写的什么"),
    ("渠说", "他说"),
    // Cantonese `蚊`, yuan, in a price's bound (`五十蚊以内`).
    ("蚊以内", "元以内"),
    ("蚊以下", "元以下"),
    ("蚊左右", "元左右"),
];

/// Particles closing a question in Cantonese (`咩`) and Shanghainese (`伐`: `全家还有饭团伐`),
/// said as Mandarin's `吗`; not after the words `伐` ends in Mandarin (`步伐`, `采伐`, `讨伐`).
const QUESTION_ENDS: &[char] = &['伐', '咩', '𠲎'];
/// Characters before `伐` that make it part of a Mandarin word.
const FA_WORDS: &str = "步采讨征杀";

/// `text` (lower case, one kind of space) with regional words said in the common ones
/// ([`REGIONAL`]), closing particles and list ends taken off each clause, the Singlish
/// question shapes said as a plain question, and a clause that only opens ([`OPENERS`]) or
/// thanks ([`CLOSERS`]) left out, and a first clause that only hesitates ([`HESITATIONS`]).
pub fn plain(text: &str) -> String {
    let common = REGIONAL.iter().fold(
        regional_pointers(&southern_pronouns(&wu_words(&scots_not(text)))),
        |t, (word, said)| t.replace(word, said),
    );
    let mut out = String::with_capacity(common.len());
    let mut rest = common.as_str();
    while !rest.is_empty() {
        let end = rest.find([',', '?', '!', ';', '.']).unwrap_or(rest.len());
        let close = rest[end..]
            .char_indices()
            .find(|(_, c)| !matches!(c, ',' | '?' | '!' | ';' | '.' | ' '))
            .map_or(rest.len(), |(i, _)| end + i);
        let clause = plain_clause(&rest[..end]);
        let opens = OPENERS.contains(clause.trim())
            || (out.is_empty() && HESITATIONS.contains(clause.trim()));
        if opens && close < rest.len() {
            rest = &rest[close..];
            continue;
        }
        if CLOSERS.contains(clause.trim()) && close == rest.len() && !out.trim().is_empty() {
            out.truncate(out.trim_end_matches([',', ';', ' ']).len());
            break;
        }
        if rest[end..].starts_with('?') {
            out.push_str(&with_its_do(&clause));
        } else {
            out.push_str(&clause);
        }
        out.push_str(&rest[end..close]);
        rest = &rest[close..];
    }
    out
}

/// `I cannae be bothered`, `I dinnae need a taxi`: the Scots `-nae` after an auxiliary said as
/// `-n't` (`dinnae` as `don't`, `willnae` as `won't`), whole words only.
fn scots_not(text: &str) -> String {
    if !text.contains("nae") {
        return text.to_string();
    }
    text.split(' ')
        .map(|word| {
            let bare = word.trim_end_matches([',', '.', '?', '!', ';']);
            let Some(aux) = bare.strip_suffix("nae") else {
                return word.to_string();
            };
            let said = match aux {
                "can" => "can't".to_string(),
                "din" | "do" => "don't".to_string(),
                "will" | "win" | "wull" => "won't".to_string(),
                _ if SCOTS_AUXILIARIES.contains(aux) => format!("{aux}n't"),
                _ => return word.to_string(),
            };
            format!("{said}{}", &word[bare.len()..])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with each `word` said as `said` where `means_it` holds of the words before it (in
/// `text`) and after it.
fn replaced_where(
    text: &str,
    word: &str,
    said: &str,
    means_it: impl Fn(&str, &str) -> bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let after = &rest[at + word.len()..];
        let before = &text[..text.len() - rest.len() + at];
        out.push_str(&rest[..at]);
        out.push_str(if means_it(before, after) { said } else { word });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What the wearer asks with after `侬` or `汝` (you): helping, doing, giving, looking.
const ASKED_OF_YOU: &str = "帮把给看讲查找搜叫订";

/// `侬帮我找个菜市场` (Wu), `汝帮我看一下` (Min), `偃冇钱` (Hakka): the southern `侬`, `汝` (you)
/// said as `你` where they open a clause or ask something of the assistant, but not at the end
/// of a name (`迪卡侬`) or in a place's name (`汝州`, `汝窑`); and the Hakka `偃` (I) as `我`,
/// but not in `偃师` (a city).
fn southern_pronouns(text: &str) -> String {
    let you = |before: &str, after: &str| {
        let opens = !before.ends_with(char::is_alphanumeric);
        (opens || after.starts_with(|c: char| ASKED_OF_YOU.contains(c)))
            && !after.starts_with(['州', '窑', '南', '阳'])
    };
    let nong = replaced_where(text, "侬", "你", you);
    let ru = replaced_where(&nong, "汝", "你", you);
    replaced_where(&ru, "偃", "我", |_, after| !after.starts_with('师'))
}

/// What the Wu `明朝` (tomorrow) goes on with when it is a day, not the Ming dynasty
/// (`明朝去乌镇`, `明朝早上`; `明朝的古建筑` stays).
const TOMORROW_THEN: Words = words![
    "去", "到", "回", "要", "想", "早", "上午", "中午", "下午", "晚上", "夜里", "帮", "几点",
];

/// `帮阿拉看看`, `阿拉明朝去乌镇`: the Wu `阿拉` (we, I) said as `我`, the one asking, but not at
/// the start of a name ([`ALA_NAMES`]: `阿拉伯`, `阿拉斯加`); and `明朝` (tomorrow) as `明天`
/// when a going, a wish or a time of day follows ([`TOMORROW_THEN`]).
fn wu_words(text: &str) -> String {
    let we = replaced_where(text, "阿拉", "我", |_, after| {
        !after.starts_with(|c: char| ALA_NAMES.contains(c))
    });
    replaced_where(&we, "明朝", "明天", |_, after| {
        TOMORROW_THEN.iter().any(|w| after.starts_with(w))
    })
}

/// Characters that open a common word with `额` (`金额`, `余额`, `名额`, `限额`, `前额`…) or
/// close one (`额度`, `额外`, `额头`, `额满`, `额定`).
const E_BEFORE: &str = "金余名限超份数定总差巨前税票配减免高全面专";
/// See [`E_BEFORE`].
const E_AFTER: &str = "度外头满定";
/// What follows the Shaanxi and Gansu `额` (I) but no common word of `额`: a verb of wanting
/// or being, a home, a possessive, a time.
const E_THEN: &str = "想要们屋家的滴就是在去也还刚今明昨先不都又这那俩给爸妈娃姐哥弟妹";
/// What `额` (I) is done for after: `帮额`, `给额`, `让额`, `跟额`.
const E_FOR: &str = "给帮让带跟和叫替陪请教问找送";
/// What the Tianjin `介` (this) points with: a measure word, `是`, `里`, `儿`, `边`, `么`,
/// a shop or a temple; not `介绍`, `介意`, `介于`, `介入`.
const JIE_THEN: &str =
    "家个是里儿边么会些种位条件双次回天座庙间店款样块只瓶部附似盒包本张把台辆杯碗份";
/// Measure words a pointer stands before (`嗰瓶花雕`, `呢条项链`, `嗰部单车`); the Cantonese
/// `间`, `度`, `个` after one are said whole ([`REGIONAL`]).
const MEASURES: &str = "家座瓶部条架只件双盒包本张把辆台杯碗份位款种栋幢棵支罐袋";
/// What the Cantonese `呢` (this) is said after when it points, not closes a question: a
/// clause's edge or a doing to the thing (`扫呢架单车`, `买呢条`).
const POINTED_AFTER: &str = " 扫买睇看要点去系食问帮查搵揾比拍开骑锁试着就同";
/// Characters before `介` that make it a common word's (`简介`, `中介`, `媒介`, `推介`,
/// `评介`, `一介`) or a name's (`蒋介石`).
const JIE_BEFORE: &str = "简中媒推评一蒋纤";
/// What follows the southwestern `哪点` (where) when it asks a place, not a point
/// (`哪点不好`, `哪点强` stay): having, being, buying, eating, going.
const WHERE_THEN: &str = "有是在能可买卖吃耍去找近";
/// What `哪点` (where) is said after when it asks a place: `在哪点`, `去哪点`, `附近哪点`.
const WHERE_AFTER: &str = "在去到从近边";

/// Regional words that stand for a common one only in some places, said in it there: the
/// Shaanxi `额` as `我` (`帮额下单`, `额想吃`; not `金额`, `额度`, `名额`, `额外`), the Tianjin
/// `介` as `这` (`介家店`, `介个`; not `介绍`, `简介`), the southwestern `哪点` as `哪里`
/// (`附近哪点有`; not `哪点不好`, and `一点`, `几点` are no `哪点`) and `没得` as `没有`
/// (not `没得到`, got nothing).
fn regional_pointers(text: &str) -> String {
    let last = |s: &str| s.chars().next_back();
    let first = |s: &str| s.chars().next();
    let opens = |s: &str| last(s).is_none_or(|c| " ,?!;.".contains(c));
    let me = replaced_where(text, "额", "我", |before, after| {
        let word = last(before).is_some_and(|c| E_BEFORE.contains(c))
            || first(after).is_some_and(|c| E_AFTER.contains(c));
        !word
            && (opens(before)
                || last(before).is_some_and(|c| E_FOR.contains(c))
                || first(after).is_some_and(|c| E_THEN.contains(c)))
    });
    let place = replaced_where(&me, "哪点", "哪里", |before, after| {
        first(after).is_none_or(|c| WHERE_THEN.contains(c) || " ,?!;.".contains(c))
            || last(before).is_some_and(|c| WHERE_AFTER.contains(c))
    });
    GUARDED
        .iter()
        .fold(place, |text, (word, said, before_in, after_in)| {
            replaced_where(&text, word, said, |before, after| {
                before_in.holds(last(before)) && after_in.holds(first(after))
            })
        })
}

/// Which characters may stand next to a guarded regional word ([`GUARDED`]); a space in a set
/// stands for the text's edge or a clause's end.
enum Next {
    /// One of these.
    OneOf(&'static str),
    /// Anything but these (and not the edge, when a space is among them).
    NoneOf(&'static str),
}

impl Next {
    /// Whether `c` (the character next to the word, `None` at the edge) may stand there.
    fn holds(&self, c: Option<char>) -> bool {
        match self {
            Next::OneOf(set) => match c {
                Some(c) if !" ,?!;.".contains(c) => set.contains(c),
                _ => set.contains(' '),
            },
            Next::NoneOf(set) => match c {
                Some(c) if !" ,?!;.".contains(c) => !set.contains(c),
                _ => !set.contains(' '),
            },
        }
    }
}

/// Regional function words whose characters also write common words, said as the common word
/// only between the characters given (the one before, the one after): the Tianjin `介` this
/// ([`JIE_THEN`], [`JIE_BEFORE`]) and the southwestern `没得` have not (not `没得到`); Hakka and Cantonese
/// `么个` what (not `这么个`, `怎么个`) and `系` is after a subject or an adverb (not `关系`,
/// `联系`, `系鞋带`); the Wu and Gan `寻` look for (`帮我寻个打印店`; not `寻常`, `寻求`, `搜寻`,
/// `寻乌`, `寻甸`), the south-western `一哈` a moment (`比一哈`; not `周一哈尔滨`, `一哈密瓜`), the
/// north-eastern `这疙瘩` here (not `这疙瘩汤`), the Shanghai `伊拉` they (not `伊拉克`); the Xiang `咯` this opening a clause (`咯是么子庙`; closing one it is
/// a particle), the Xiang and Hubei `么` what after a having or a doing (`有么菜市场`; not
/// `怎么`, `要么`, nor closing a question), the Xiang `恰` eat after a wish, a going or a not (`想恰点湘菜`; not `恰好`,
/// `恰当`) and the south-western `克` go after one who goes or a wish (`我骑克西溪`, `我跟我姐克大理`, never opening a clause: `克什米尔`,
/// `看下克丽江`;
/// not `巧克力`, `克服`, `五百克`); Cantonese, Hakka and Min `食` eat after a wish, a going or a not, or
/// before a meal (not `美食`, `零食`, `食品`, `食物`); Cantonese `冇` before a verb as `没`
/// (`又冇开门`: not open, no having); Wu `伊` he before what one does (not
/// `伊朗`, `伊利`, `伊拉克`, `木乃伊`); and the Wu `个` as `的` closing a clause (`质量蛮好个`;
/// not after a pointer or a count: `要这个`, `来两个`) or after `我` opening one (`我个客户`;
/// not `我个人`, nor `给我个袋子` inside one); Hakka and Cantonese `行路` walk (not `骑行路线`).
const GUARDED: &[(&str, &str, Next, Next)] = &[
    ("介", "这", Next::NoneOf(JIE_BEFORE), Next::OneOf(JIE_THEN)),
    ("没得", "没有", Next::NoneOf(""), Next::NoneOf("到")),
    (
        "么个",
        "什么",
        Next::NoneOf("这那怎什多要"),
        Next::NoneOf(""),
    ),
    (
        "系",
        "是",
        Next::OneOf("就都唔不又也他她我你佢𠊎真正仲还咪即"),
        Next::NoneOf("统列鞋带数上紧着好"),
    ),
    (
        "食",
        "吃",
        Next::OneOf(" 想要去来爱会能可好冇有没不未再先得就都"),
        Next::NoneOf("品物堂材谱欲量指疗用盐油言客府宿街肆"),
    ),
    ("食", "吃", Next::NoneOf(""), Next::OneOf("饭饱咗了完过")),
    (
        "冇",
        "没",
        Next::NoneOf(""),
        Next::OneOf("开去来到买吃做听看睇食"),
    ),
    ("我个", "我的", Next::OneOf(" "), Next::NoneOf("人子")),
    (
        "行路",
        "走路",
        Next::NoneOf("骑步飞航旅出运执发进"),
        Next::NoneOf("线"),
    ),
    (
        "伊",
        "他",
        Next::NoneOf("木阿卡"),
        Next::OneOf("自要会讲说想去在是也还就不勿个们话明今昨后"),
    ),
    (
        "个",
        "的",
        Next::NoneOf("这那哪一二两三四五六七八九十几半每各某整另个多俩仨单0123456789"),
        Next::OneOf(" "),
    ),
    (
        "咯",
        "这",
        Next::OneOf(" "),
        Next::OneOf("是里个家边只条座"),
    ),
    (
        "么",
        "什么",
        Next::OneOf("有是做买吃干搞"),
        Next::NoneOf("吗呢 "),
    ),
    (
        "寻",
        "找",
        Next::NoneOf("追搜探"),
        Next::NoneOf("常求味思觅找访根问乌甸"),
    ),
    ("一哈", "一下", Next::NoneOf(""), Next::NoneOf("尔密")),
    // Cantonese `边度` where (`边度有`, `边度平啲`: where is it cheaper), not in the Mandarin
    // `海边度假`, `身边度过`.
    (
        "边度",
        "哪里",
        Next::NoneOf(""),
        Next::NoneOf("假过日周个两一几半蜜"),
    ),
    ("平啲", "便宜点", Next::NoneOf(""), Next::NoneOf("")),
    // `比下海飞丝`: comparing said short (not `比下面那条`, `比下午`).
    (
        "比下",
        "比一下",
        Next::NoneOf(""),
        Next::NoneOf("面午雨雪班周次来去"),
    ),
    ("这疙瘩", "这里", Next::NoneOf(""), Next::NoneOf("汤")),
    // The pointers of Cantonese, Wu and Gan before a measure word: `嗰` that, `呢` this (after
    // a clause's edge or a doing: closing a question it is the particle), `箇` this (not
    // `箇中`); the Wu `嗰` anywhere else is `的` (`别嗰地方`, `做酒嗰`).
    ("嗰", "那", Next::NoneOf(""), Next::OneOf(MEASURES)),
    ("嗰", "的", Next::NoneOf(" "), Next::NoneOf("间度个")),
    (
        "呢",
        "这",
        Next::OneOf(POINTED_AFTER),
        Next::OneOf(MEASURES),
    ),
    ("箇", "这", Next::NoneOf(""), Next::NoneOf("中")),
    ("伊拉", "他们", Next::NoneOf(""), Next::NoneOf("克斯")),
    (
        "恰",
        "吃",
        Next::OneOf(" 想要去来爱会能可冇有没不我你就都先再也还得"),
        Next::NoneOf("好当巧似到如恰逢"),
    ),
    (
        "克",
        "去",
        Next::OneOf("我你他她们要想骑走跑坐飞开回不没莫先再就都也还咱俺姐哥妈爸弟妹婆爷奶崽娃下车"),
        Next::NoneOf("服制隆拉力里莱罗林斯兰尔鲁"),
    ),
];

/// One clause said plainly (see [`plain`]).
fn plain_clause(clause: &str) -> String {
    let mut said = clause.trim_end().to_string();
    loop {
        let before = said.len();
        said = without_closing_particle(&said);
        if let Some(w) = LIST_ENDS.iter().find(|w| said.ends_with(*w)) {
            said.truncate(said.len() - w.len());
        }
        // `can help me … or not`, `compare prices can or not`: asking whether one can, said as
        // the question's end.
        for w in words![" can or not", " can anot", " can?"] {
            if said.ends_with(w) {
                said.truncate(said.len() - w.len());
            }
        }
        if let Some(s) = said
            .strip_suffix(" or not")
            .filter(|s| s.starts_with("can ") || s.contains(" can "))
        {
            said = s.to_string();
        }
        // `…, open what time?`: the question word said last (article-less English), said first.
        for verb in words!["open", "close", "closes", "opens"] {
            if said.trim() == format!("{verb} what time") {
                let lead = said.len() - said.trim_start().len();
                said = format!("{}what time {verb}", &said[..lead]);
            }
        }
        // `that notice write what one`: a closing `one` after `what` only marks the question.
        if let Some(s) = said.strip_suffix(" what one") {
            said = format!("{s} what");
        }
        if said.len() == before {
            break;
        }
    }
    singlish_question(&having_as_has(&asked_as_ma(&said)))
}

/// Meals and times had, never stock (`we are having lunch`, `is having a sale`).
const HAD_NOT_STOCKED: Words = words![
    "lunch",
    "dinner",
    "breakfast",
    "a ",
    "an ",
    "fun",
    "trouble",
    "problems",
];

/// `this shop is having halal beef`, `are they having fresh durian`: the progressive of having
/// (South Asian English) said as the simple one (`has`, `have`), when a shop, not the wearer
/// (`i am having`, `we are having lunch`), has a thing, not a meal or a time; asked with the
/// subject after `is` (`is muji having travel adapters`), as `does muji have …`.
fn having_as_has(clause: &str) -> String {
    let mut said = clause.to_string();
    let lead = said.len() - said.trim_start().len();
    for (asked, done) in [("is ", "does "), ("are ", "do ")] {
        let Some(rest) = said[lead..].strip_prefix(asked) else {
            continue;
        };
        if let Some((who, what)) = rest.split_once(" having ")
            && !who.is_empty()
            && !words!["i", "we", "you"].contains(who)
            && !HAD_NOT_STOCKED.iter().any(|w| what.starts_with(w))
        {
            said = format!("{}{done}{who} have {what}", &said[..lead]);
        }
    }
    for (progressive, simple) in [(" is having ", " has "), (" are having ", " have ")] {
        let Some(at) = said.find(progressive) else {
            continue;
        };
        let who = said[..at].rsplit(' ').next().unwrap_or("");
        let what = &said[at + progressive.len()..];
        if !words!["i", "we", "am"].contains(who)
            && !HAD_NOT_STOCKED.iter().any(|w| what.starts_with(w))
        {
            said.replace_range(at..at + progressive.len(), simple);
        }
    }
    said
}

/// `全家还有饭团伐`, `咁热嘅咩`: a regional question particle closing a clause said as `吗`
/// ([`QUESTION_ENDS`]).
fn asked_as_ma(clause: &str) -> String {
    let mut chars = clause.chars().rev();
    match (chars.next(), chars.next()) {
        (Some(last), Some(before))
            if QUESTION_ENDS.contains(&last) && !(last == '伐' && FA_WORDS.contains(before)) =>
        {
            format!("{}吗", &clause[..clause.len() - last.len_utf8()])
        }
        _ => clause.to_string(),
    }
}

/// `clause` without one closing particle, Chinese or English (`干嘛`, whose `嘛` is a word's,
/// stays).
fn without_closing_particle(clause: &str) -> String {
    let mut chars = clause.chars().rev();
    if let (Some(last), Some(before)) = (chars.next(), chars.next())
        && ZH_PARTICLES.contains(&last)
        && !(last == '嘛' && before == '干')
    {
        return clause[..clause.len() - last.len_utf8()]
            .trim_end()
            .to_string();
    }
    match clause.rsplit_once(' ') {
        Some((head, last)) if closes_as_a_particle(head, last) && !head.trim().is_empty() => {
            head.trim_end().to_string()
        }
        _ => clause.to_string(),
    }
}

/// Words a place's name is said after (`fly to LA`, `a hotel in LA`): the `la` after them is
/// Los Angeles, no particle.
const NAMED_AFTER: Words = words![
    "to", "in", "from", "near", "at", "of", "for", "around", "shangri", "ali", "ba",
];

/// Whether `last`, said after `head`, is a closing particle ([`EN_PARTICLES`]); `la` and `ba`
/// after a word of place or of a name ([`NAMED_AFTER`]) are not.
pub(crate) fn closes_as_a_particle(head: &str, last: &str) -> bool {
    EN_PARTICLES.contains(last)
        && !(matches!(last, "la" | "ba")
            && head
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|w| NAMED_AFTER.contains(w)))
}

/// Words that open a question or a clause of one's own, never a name asked about.
const NOT_A_NAME: Words = words![
    "i", "you", "we", "they", "he", "she", "do", "does", "did", "can", "could", "will", "would",
    "should", "may", "might", "must", "to", "what", "who", "which", "where", "how", "why",
];

/// `Decathlon have thermal underwear?`, `this shop has diapers?`: a question of having put to
/// a name in a few words, without its `does` (a learner's English), said with it, as
/// `does Decathlon have …` is asked; `I have a question?`, `do you have …` stay.
fn with_its_do(clause: &str) -> String {
    let lead = clause.len() - clause.trim_start().len();
    let (space, words) = clause.split_at(lead);
    let Some((who, what)) = words![" have ", " has "]
        .iter()
        .find_map(|w| words.split_once(w))
    else {
        return clause.to_string();
    };
    let named = who.split(' ').count() <= 3
        && who
            .split(' ')
            .next()
            .is_some_and(|w| !NOT_A_NAME.contains(w))
        && who
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " '&-".contains(c));
    if !named || what.trim().is_empty() {
        return clause.to_string();
    }
    format!("{space}does {who} have {what}")
}

/// Article-less English (`I want eat pho, where have`, `have or no have`): a wish with its
/// `to` left out (`want eat`, `need buy`) said with it, and `where have`, `have or no have`,
/// `have or not` asking whether there is some said as `where is there`, `is there`.
const WHETHER_THERE: Words = words![
    "have or no have",
    "got or no got",
    "have or not",
    "where have"
];
/// Verbs said bare after a wish in article-less English (`want eat`, `like go`).
const BARE_AFTER_WISH: Words = words!["eat", "drink", "go", "buy", "find", "see", "try", "book"];

/// `where got xiaolongbao`: `got` asking where there is something is said as `is there`; in
/// `got any ATM nearby or not`, `or not` is only the question's end, `near here got kopi shop
/// or not` asks whether there is one there, and `Xiaomi Home got cables or not` asks whether
/// that shop has them; see [`WHETHER_THERE`].
fn singlish_question(clause: &str) -> String {
    let lead = clause.len() - clause.trim_start().len();
    let (space, words) = clause.split_at(lead);
    let words = &us_as_me(&with_its_to(words));
    let asked = if let Some(rest) = words.strip_prefix("where got ") {
        format!("where is there {rest}")
    } else if let Some((w, head)) = WHETHER_THERE
        .iter()
        .find_map(|w| words.strip_suffix(w).map(|head| (w, head)))
        .filter(|(_, head)| {
            // `do you have or not` keeps its subject's question.
            !words!["i", "you", "we", "they", "he", "she", "it"]
                .contains(head.trim_end().rsplit(' ').next().unwrap_or(""))
        })
    {
        let asked = if w == "where have" {
            "where is there"
        } else {
            "is there"
        };
        format!("{head}{asked}")
    } else if let Some(asked) = words
        .strip_suffix(" or not")
        .and_then(|w| w.split_once(" got "))
        .filter(|(place, _)| {
            words!["near", "around", "nearby", "in", "here"]
                .contains(place.split(' ').next().unwrap_or(""))
        })
    {
        // `near here got kopi shop or not`, `near wulin square got halal or not`: a place said
        // first asks whether there is one there.
        let (place, what) = asked;
        format!("is there {what} {place}")
    } else if let Some(asked) = words
        .strip_suffix(" or not")
        .and_then(|w| w.split_once(" got "))
        .map(|(who, what)| with_its_do(&format!("{who} have {what}")))
        .filter(|asked| asked.starts_with("does "))
    {
        // `xiaomi home got usb-c cable or not`: a shop by name asked whether it has a thing.
        asked
    } else if let Some(rest) = words
        .strip_prefix("got ")
        .filter(|r| r.ends_with(" or not"))
    {
        format!("got {}", &rest[..rest.len() - " or not".len()])
    } else {
        return format!("{space}{words}");
    };
    format!("{space}{asked}")
}

/// Verbs of leading the way or getting something after which `us` is the wearer, with company
/// (`take us to West Lake`, `show us the way`) or in the British `us` for `me` (`get us a
/// puffer`, `grab us some wool socks`), asked as `me` is.
const LEADING_VERBS: Words = words![
    "take", "walk", "show", "guide", "lead", "bring", "drive", "get", "grab", "buy", "fetch",
    "find", "book",
];

/// `yalla kids, take us to west lake` → `… take me to west lake`, `get us some wool socks` →
/// `get me some wool socks`: see [`LEADING_VERBS`].
fn us_as_me(words: &str) -> String {
    let mut said: Vec<&str> = Vec::new();
    for w in words.split(' ') {
        let led = said.last().is_some_and(|last| LEADING_VERBS.contains(last));
        said.push(if led && w == "us" { "me" } else { w });
    }
    said.join(" ")
}

/// `i want eat pho` → `i want to eat pho`: a wish before a bare verb ([`BARE_AFTER_WISH`])
/// said with its `to`.
fn with_its_to(words: &str) -> String {
    let mut said: Vec<&str> = Vec::new();
    for w in words.split(' ') {
        if said
            .last()
            .is_some_and(|last| words!["want", "need", "like", "wanna"].contains(last))
            && BARE_AFTER_WISH.contains(w)
        {
            said.push("to");
        }
        said.push(w);
    }
    said.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_pointers_are_said_only_where_they_stand_for_the_common_word() {
        assert_eq!(plain("帮额下单两根擀面杖"), "帮我下单两根擀面杖");
        assert_eq!(plain("额想吃一碗面"), "我想吃一碗面");
        assert_eq!(plain("余额还有多少,额度够不够"), "余额还有多少,额度够不够");
        assert_eq!(plain("介家店是干嘛的"), "这家店是干嘛的");
        // The pointers of Cantonese, Wu and Gan before a measure word; Wu `嗰` elsewhere is `的`.
        assert_eq!(plain("嗰瓶花雕别嗰地方卖几钿"), "那瓶花雕别的地方卖多少钱");
        assert_eq!(plain("扫呢架单车"), "扫这架单车");
        assert_eq!(plain("他呢本来就不去"), "他呢本来就不去");
        assert_eq!(plain("箇个保温杯,箇中滋味"), "这个保温杯,箇中滋味");
        assert_eq!(plain("介似嘛塔"), "这是什么塔");
        assert_eq!(plain("给我介绍一下,看看简介"), "给我介绍一下,看看简介");
        assert_eq!(plain("这附近哪点有云南菜"), "这附近哪里有云南菜");
        assert_eq!(plain("哪点不好,几点开门"), "哪点不好,几点开门");
        assert_eq!(plain("盒马有莫得火锅底料"), "盒马有没有火锅底料");
        // Round twenty-eight's table: each guarded word said only where it stands for the
        // common one.
        assert_eq!(plain("𠊎想食碗面,倷讲有无"), "我想吃碗面,你讲有没有");
        assert_eq!(plain("美食街的零食"), "美食街的零食");
        assert_eq!(plain("这块牌写的系么个"), "这块牌写的是什么");
        assert_eq!(plain("关系这么个样子"), "关系这么个样子");
        assert_eq!(plain("伊自己会订,伊利牛奶"), "他自己会订,伊利牛奶");
        assert_eq!(plain("质量蛮好个,要这个"), "质量蛮好的,要这个");
        assert_eq!(
            plain("我个客户,给我个袋子,我个人"),
            "我的客户,给我个袋子,我个人"
        );
        assert_eq!(plain("查骑行路线,我行路去"), "查骑行路线,我走路去");
        assert_eq!(plain("这家店又冇开门"), "这家店又没开门");
        assert_eq!(
            plain("xiaomi home got usb-c cable or not?"),
            "does xiaomi home have usb-c cable?"
        );
        assert_eq!(plain("yalla, take us to west lake"), "take me to west lake");
        assert_eq!(plain("get us a puffer"), "get me a puffer");
        assert_eq!(plain("这牌子上洋文写的么事"), "这牌子上洋文写的什么");
        assert_eq!(plain("帮我比下海飞丝"), "帮我比一下海飞丝");
        assert_eq!(plain("这条路比下面那条近"), "这条路比下面那条近");
        assert_eq!(plain("order us a pizza"), "order us a pizza");
        assert_eq!(plain("还开着没得"), "还开着没有");
        assert_eq!(
            plain("near wulin square got halal or not?"),
            "is there halal near wulin square?"
        );
        assert_eq!(plain("侬帮我找个菜市场"), "你帮我找个菜市场");
        assert_eq!(plain("迪卡侬有没有雪地靴"), "迪卡侬有没有雪地靴");
        assert_eq!(plain("汝帮我看一下,汝州的票"), "你帮我看一下,汝州的票");
        assert_eq!(plain("送到偃酒店,偃师的"), "送到我酒店,偃师的");
        assert_eq!(plain("想恰点湘菜,恰好路过"), "想吃点湘菜,恰好路过");
        assert_eq!(plain("帮我寻个打印店,寻常的"), "帮我找个打印店,寻常的");
        assert_eq!(
            plain("买 2 个东西,去寻乌,周一哈尔滨"),
            "买 2 个东西,去寻乌,周一哈尔滨"
        );
        assert_eq!(plain("克什米尔的机票,这疙瘩汤"), "克什米尔的机票,这疙瘩汤");
        assert_eq!(plain("伊拉女儿去伊拉克"), "他们女儿去伊拉克");
        assert_eq!(plain("我骑车克湖滨,比一哈"), "我骑车去湖滨,比一下");
        assert_eq!(plain("咯里有么菜市场,好咯"), "这里有什么菜市场,好");
        assert_eq!(plain("有么?怎么走,要么算了"), "有么?怎么走,要么算了");
        assert_eq!(plain("扫这个车,我骑克西溪"), "扫这个车,我骑去西溪");
        assert_eq!(
            plain("买盒巧克力,五百克,克服一下"),
            "买盒巧克力,五百克,克服一下"
        );
        assert_eq!(
            plain("does watsons have tiger balm na ka"),
            "does watsons have tiger balm"
        );
    }

    #[test]
    fn particles_and_singlish_questions_are_said_plainly() {
        assert_eq!(
            plain("order a flat white to my office la"),
            "order a flat white to my office"
        );
        assert_eq!(plain("fly to la"), "fly to la");
        assert_eq!(plain("take me to shangri la"), "take me to shangri la");
        assert_eq!(
            plain("kindly check if this shop is having halal beef"),
            "kindly check if this shop has halal beef"
        );
        assert_eq!(plain("we are having lunch"), "we are having lunch");
        assert_eq!(
            plain("is muji having travel adapter in stock?"),
            "does muji have travel adapter in stock?"
        );
        assert_eq!(plain("are you having lunch?"), "are you having lunch?");
        assert_eq!(plain("楼外楼今天开门没有噢?"), "楼外楼今天开门没有?");
        assert_eq!(plain("你在干嘛"), "你在干嘛");
        assert_eq!(
            plain("order me pho to my office lah."),
            "order me pho to my office."
        );
        assert_eq!(
            plain("where got xiaolongbao that's still open ah?"),
            "where is there xiaolongbao that's still open?"
        );
        assert_eq!(plain("got any atm nearby or not?"), "got any atm nearby?");
        assert_eq!(
            plain("eh, can help me find a cafe near here or not? damn hungry lah"),
            "eh, can help me find a cafe near here? damn hungry"
        );
        assert_eq!(
            plain("tell me about it lah, the reviews all that."),
            "tell me about it, the reviews."
        );
        assert_eq!(
            plain("that notice write what one?"),
            "that notice write what?"
        );
        assert_eq!(
            plain("我想溜达到断桥那儿,您给我指个道儿"),
            "我想走到断桥那儿,您给我指个路"
        );
        assert_eq!(plain("溜达溜达真舒坦"), "溜达溜达真舒坦");
        assert_eq!(plain("那个,全家还有饭团伐"), "那个,全家还有饭团吗");
        assert_eq!(plain("杭州都咁热嘅咩?"), "杭州都这么热的吗?");
        assert_eq!(plain("呢间店边度有得坐"), "这家店哪里有得坐");
        assert_eq!(plain("唔该,埋单"), "请,买单");
        // Northern and Hunan words: `冇得` leaves no `得`; `咯` closes a clause.
        assert_eq!(plain("俺娘说恁别管了"), "我娘说你别管了");
        assert_eq!(plain("超市有冇得酱油卖"), "超市有没有酱油卖");
        assert_eq!(plain("带伢子去公园,快点咯"), "带孩子去公园,快点");
        // Mandarin words ending in `伐` stay.
        assert_eq!(plain("加快步伐"), "加快步伐");
        assert_eq!(
            plain("decathlon have thermal underwear? i need warm one"),
            "does decathlon have thermal underwear? i need warm one"
        );
        assert_eq!(plain("you have any?"), "you have any?");
        assert_eq!(plain("decathlon have it."), "decathlon have it.");
        // A word that only ends like a particle stays.
        assert_eq!(plain("i want the red one"), "i want the red one");
        assert_eq!(plain("yeah"), "yeah");
        // Wu, Scots and Taglish words (round twenty-six).
        assert_eq!(plain("这部脚踏车帮阿拉开开"), "这部自行车帮我开开");
        assert_eq!(plain("阿拉伯语怎么说"), "阿拉伯语怎么说");
        assert_eq!(plain("阿拉明朝去乌镇"), "我明天去乌镇");
        assert_eq!(plain("这是明朝的塔"), "这是明朝的塔");
        assert_eq!(plain("这个几钿,比比看"), "这个多少钱,比比");
        assert_eq!(
            plain("i dinnae need a taxi, i cannae walk"),
            "i don't need a taxi, i can't walk"
        );
        assert_eq!(plain("the dinner was fine"), "the dinner was fine");
        assert_eq!(
            plain("walk me to hubin yintai po"),
            "walk me to hubin yintai"
        );
        assert_eq!(
            plain("ate, does this shop have calamansi po?"),
            "does this shop have calamansi?"
        );
        assert_eq!(plain("嘛达,帮我整根数据线"), "帮我整根数据线");
        assert_eq!(plain("i ate, thanks"), "i ate");
        assert_eq!(plain("你好,这家店几点关门"), "这家店几点关门");
        assert_eq!(
            plain("um, does decathlon have tents"),
            "does decathlon have tents"
        );
        assert_eq!(plain("compare prices, thanks"), "compare prices");
        assert_eq!(plain("哪里有卖伞的? 谢谢."), "哪里有卖伞的?");
        // Thanks alone, or before more, stays; a hesitation after the first clause stays.
        assert_eq!(plain("thanks"), "thanks");
        assert_eq!(plain("谢谢,帮我叫车"), "谢谢,帮我叫车");
        assert_eq!(
            plain("打车去万象城,嗯,就是那个商场"),
            "打车去万象城,嗯,就是那个商场"
        );
    }
}
