# Sightline 给佩戴者的文字，简体中文。每条消息在 ../en/cards.ftl 里都有同名、同变量的英文版
# （有测试检查）。价格、日期、距离、时长在传入前已格式化（core/src/locale/format.rs）；数量以数字
# 传入。见 docs/language.md。

## 拼接

sentence = { $text }。
sentence-separator = {""}
speech-title-line = { $title }。{ $line }
speech-notification = { $app }：{ $title }。{ $line }
clause-separator = ，
list-separator = 、

## 按钮

action-confirm = 确认 { $total }
action-dismiss = 关闭
action-go = 出发
action-more = 更多
action-order = 下单 { $price }
action-pay = 支付 { $amount }
action-unlock = 开锁

## 计划卡片的分区标题

section-trip = 行程
section-purchase = 购买
section-prices = 比价
section-stock = 库存
section-nearby = 附近
section-place = 地点
section-bike = 单车
section-guide = 导览
section-food = 外卖
section-directions = 路线
section-translation = 翻译

## 追问

ask-where-to = 去哪里？
ask-when-leave = 哪天出发去{ $destination }？
ask-what-to-buy = 要买什么？
ask-shoe-size = 请问穿多大码的鞋（欧码）？
ask-which-product = 哪件商品？
ask-which-product-barcode = 哪件商品？请看一下它的条码。
ask-which-place = 哪个地方？
ask-which-place-meant = 你说的是哪个地方？
ask-which-landmark = 哪个景点？请看着它再问一次。
ask-bike-code = 请看一下单车的二维码。
ask-which-dish = 想要哪家餐厅的{ $dish }？
ask-what-to-eat = 想吃点什么？

## 计划卡片

plan-reason = 你的请求：{ $asked }
plan-total = 合计 { $total }
plan-confirm-speech = { $summary }，共{ $total }。确认吗？
not-understood-title = 抱歉，没听懂
not-understood-reason = 请求里没有我能办的事
not-understood-try = 试试：“{ $suggestion }”
not-understood-speech = 抱歉，没听懂。
not-understood-speech-try = 抱歉，没听懂。你可以说：{ $suggestion }

## 行程

trip-title = { $destination }之行
trip-not-covered = 暂不支持{ $destination }
mode-train = 火车
mode-flight = 航班
trip-transport = { $mode } { $number } { $departs } { $from } → { $to }：{ $price }{ $travelers ->
        [1] {""}
       *[other] {" "}× { $travelers }
    }
order-transport = { $mode } { $number } { $departs }
trip-no-transport = { $date }没有{ $origin }到{ $destination }的火车或航班
trip-hotel = { $nights }晚 { $hotel } ★{ $rating }：{ $price }
order-hotel = { $hotel } × { $nights }晚，{ $date }入住
trip-no-hotel = 那几晚{ $destination }没有空房的酒店
trip-over-budget = 超出预算 { $budget }，多了 { $over }
trip-speech = { $date }去{ $destination }，住{ $nights }晚。

## 购买与比价

buy-none = 没有找到{ $item }
buy-none-in-size = 没有找到欧码 { $size } 的{ $item }
buy-what = { $quantity ->
        [1] {""}
       *[other] { $quantity } ×{" "}
    }{ $product }{ $size }
buy-offer = { $what }，{ $merchant }，{ $date }送达：{ $price }
buy-speech = { $product }{ $date }送达。
buy-too-late = { $product }没有能在{ $by }前送达的；最快是{ $merchant }，{ $date }送达（{ $price }）
buy-no-stock = 在这个价格内没有商家有{ $product }的库存
bought-from = { $product }{ $size }，来自{ $merchant }
compare-offer = { $merchant }：{ $price }（{ $hours }小时）
compare-speech = 最便宜的是{ $merchant }，{ $price }。
compare-saves = 比最贵的省 { $saved }
price-size = 尺码 { $size }
price-label-only = 仅凭标签文字匹配
price-label-only-speech = 仅凭标签文字匹配。
price-offer = { $price } { $merchant } · { $eta }
price-nearby = 附近：{ $shops }
price-cheapest-speech = 送货最便宜的是{ $merchant }，{ $price }。
price-shop-has-speech = { $shop }有货，{ $price }。
price-none-speech = 没有商家有货。
eta-within-hour = 1小时内
eta-hours = { $hours }小时
eta-days = { $days }天

## 库存

stock-title = { $shop }：{ $item }
stock-not-in-catalogue = 商品库里没有{ $item }
stock-on-shelf = { $shop }：货架上有{ $quantity }件，{ $price }
stock-none = { $shop }：没有货
stock-nearby = { $shop }（{ $distance }）：还剩{ $quantity }件，{ $price }
stock-none-nearby = 1公里内没有店有货
stock-yes = 有 — 库存{ $quantity }件，{ $price }
stock-yes-speech = 有，{ $shop }有{ $quantity }件，{ $price }。
stock-no = 这里没有货
stock-no-speech = 没有，{ $shop }没有货。

## 地点

find-title = 附近的{ $category }
find-hit = { $place }{ $rating }，{ $distance }
find-none = { $distance }内没有{ $wanted }
dish-by-kind = 附近没有标明{ $dish }的店，这些店做{ $kind }
place-away-speech = { $place }在{ $metres }米外。
place-not-found = 没有找到{ $name }
place-rated-speech = { $place }评分{ $rating }。
place-unrated-speech = { $place }还没有评分。
directions-line = { $distance }，方向{ $heading }°，{ $mode }约{ $duration }
by-walk = 步行
by-bike = 骑车
hours-always-open = 24小时营业
hours-open = 营业中 { $opens }–{ $closes }
hours-closed = 休息中，{ $opens }开门
speech-rated = 评分{ $rating }
speech-open-now = 正在营业
speech-closed-now = 现在已关门
guide-none = 没有{ $name }的导览
food-delivers = { $place }（{ $distance }）可外送
food-none = 附近没有能外送的餐厅
faced-sure = 根据位置推测：把握{ $percent }%

## 单车

bike-available = 可用
bike-in-use = 使用中
bike-broken = 已报修
bike-status-line = { $operator } { $bike } — { $status }
bike-confirm-speech = 确认后开锁。
bike-price = 每30分钟{ $price }
bike-price-battery = 每30分钟{ $price } · 电量{ $battery }%
bike-unlock-after-confirm = 确认后开锁
bike-speech = { $operator }单车，每半小时{ $price }。确认后开锁。
bike-in-use-speech = 这辆车正在使用中。
bike-broken-speech = 这辆车已报修。

## 收据

card-paid-title = 已付款 { $total }
card-paid-speech = 好了，已付款{ $total }。
receipt-line = { $order } · { $state ->
        [quoted] 已报价
        [confirmed] 已确认
        [paid] 已付款
        [fulfilled] 已完成
        [cancelled] 已取消
        [refunded] 已退款
       *[other] { $state }
    }
unlocked-title = 单车 { $bike } 已开锁
unlocked-price = 从现在起每30分钟{ $price }
unlocked-speech = 已开锁，骑行愉快。
ride-line = 行程 { $ride }
ride-found-title = 单车 { $bike } 已开锁
ride-found-reason = Sightline 停止前确认的开锁已经生效
ride-found-price = 开锁后每30分钟{ $price }
ride-found-speech = 单车 { $bike } 已开锁。请到车旁结束骑行。
summary-unlock = 开锁 { $bike }
requote-expired = 之前的报价已过期
requote-price-changed = 价格变了

## 商家收款码

network-alipay = 支付宝
network-wechat = 微信支付
network-unionpay = 云闪付
network-emv = EMV 二维码
code-pay-title = 付款给{ $payee }
code-pay-amount-title = 付款给{ $payee } { $amount }
code-network-line = { $payee }的{ $network }收款码
code-amount = 金额 { $amount }
code-ask-amount = 说出或输入金额
code-ask-amount-speech = 这是收款码。请说出要付的金额，或在手机上输入。
no-code-title = 没有看到付款码
no-code-line = 请先看向商家的付款码，再说金额。
reason-no-code = 说了金额，但没有看到付款码
code-careful-speech = 小心：这个收款码可能不属于这家店。请先核对名字。
code-warn-personal = 注意：这是个人账户，不是商家
code-warn-not-shop = 注意：这个码不是付给{ $shop }的
code-warn-name = 注意：码上写的是{ $name }
code-summary = 用{ $network }付{ $amount }给{ $payee }
code-pay-speech = 支付{ $amount }？确认后付款。
code-refused-title = 不支持这个收款码
code-refused-speech = 这个收款码不能付款。
code-not-payment = 不是收款码
code-unsupported = 不支持{ $scheme }收款码
code-malformed = { $network }收款码格式有误

## 眼镜连接

link-notice-title = 付款需在手机上确认
link-notice-line = 这副眼镜的连接未经认证，轻点不能付款，看到的内容也不会提供付款。
link-notice-speech = 这个连接不能用轻点付款，请在手机上确认。
link-notice-offer-speech = 这个连接下眼镜不提供付款，要购买请用手机。
confirm-on-phone-speech = 请在手机上确认。
link-notice-reason = 眼镜的连接未经认证

## 为什么显示这张卡片（记录在历史中）

reason-barcode = 在条码 { $barcode } 前停留了{ $seconds }秒
reason-label = 在标签“{ $label }”前停留了{ $seconds }秒
reason-bike = 看到共享单车的二维码
reason-code = 看到{ $network }收款码
reason-code-seen = 看到收款码
reason-code-amount = 为{ $payee }的收款码输入了{ $amount }
reason-by-sign = 招牌“{ $text }”
reason-by-position = 位置和朝向
reason-in-front = 面前是{ $place }（{ $how }，置信度{ $confidence }）
reason-faced = 面朝{ $place }站了{ $seconds }秒（位置和朝向，没有摄像头，置信度{ $confidence }）
reason-shop-question = 问{ $shop }有没有{ $item }
reason-asked-about = 问了{ $place }
reason-confirmed = 确认了“{ $action }”
reason-requoted = 重新报价：{ $why }
reason-notification = 手机通知
# The line the phone app shows under a card.
card-why = 原因：{ $reason }

## 失败时对佩戴者说的话

error-not-found = 没有找到要找的东西。
error-invalid = 不能这样问。
error-refused = 服务拒绝了这个请求，什么也没有做。
error-refused-declined = 付款被拒绝了，没有付钱。
error-refused-sold-out = 已经卖完了。
error-refused-unavailable = 它正在使用中或暂停服务。
error-refused-over-limit = 超出了服务的限额，什么也没有做。
error-refused-not-confirmed = 没有按要求确认，什么也没有做。
error-refused-wrong-payee = 这个码的收款方不是确认的商家，没有付钱。
error-unreachable = 服务没有响应，请稍后再试。
error-provider = 服务出错了，请稍后再试。
error-phone = 手机上出了点问题，请再试一次。

## 眼镜显示

hud-detail-on-phone = 详情见手机应用

## 翻译卡片（“这上面写的什么”）

translation-title = 牌子上写的是
translation-reason = 问牌子上写的什么
translation-nothing = 没有看到文字，请看向牌子再问一次。
translation-known = { $said }：{ $meaning }
translation-online = { $said }：{ $meaning }（在线翻译）
translation-unknown = { $said }（没有离线翻译）
translation-online-failed = 在线翻译失败，只显示离线能翻译的内容。
translation-untranslated = 有{ $count }行没有翻译。
