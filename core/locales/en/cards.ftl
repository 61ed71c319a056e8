# Sightline's words for the wearer, English. Every message here has a twin with the same
# variables in ../zh-Hans/cards.ftl (a test checks it). Prices, dates, distances and
# durations arrive already formatted (core/src/locale/format.rs); counts arrive as numbers
# and may choose a plural form. See docs/language.md.

## Joining pieces

sentence = { $text }.
sentence-separator = {" "}
speech-title-line = { $title }. { $line }
speech-notification = { $app }: { $title }. { $line }
clause-separator = {", "}
list-separator = {", "}

## Buttons

action-confirm = Confirm { $total }
action-dismiss = Dismiss
action-go = Go
action-more = More
action-order = Order { $price }
action-pay = Pay { $amount }
action-unlock = Unlock

## Section titles of a planned card

section-trip = Trip
section-purchase = Purchase
section-prices = Prices
section-stock = Stock
section-nearby = Nearby
section-place = Place
section-bike = Bike
section-guide = Guide
section-food = Food
section-directions = Directions
section-translation = Translation

## Follow-up questions

ask-where-to = Where to?
ask-when-leave = When do you leave for { $destination }?
ask-what-to-buy = What should I buy?
ask-shoe-size = What shoe size (EU)?
ask-which-product = Which product?
ask-which-product-barcode = Which product? Look at its barcode.
ask-which-place = Which place?
ask-which-place-meant = Which place did you mean?
ask-which-landmark = Which landmark? Look at it and ask again.
ask-bike-code = Look at the bike's QR code.
ask-which-dish = Which { $dish } from which restaurant?
ask-what-to-eat = What would you like to eat?

## A planned card

plan-reason = You asked: { $asked }
plan-total = Total { $total }
plan-confirm-speech = { $summary }: { $total }. Confirm?
not-understood-title = Sorry, I didn't get that
not-understood-reason = Nothing in the request matched what I can do
not-understood-try = Try: “{ $suggestion }”
not-understood-speech = Sorry, I didn't get that.
not-understood-speech-try = Sorry, I didn't get that. You could say: { $suggestion }

## Trips

trip-title = { $destination } trip
trip-not-covered = { $destination } is not covered
mode-train = train
mode-flight = flight
trip-transport = { $mode } { $number } { $departs } { $from } → { $to }: { $price }{ $travelers ->
        [1] {""}
       *[other] {" "}× { $travelers }
    }
order-transport = { $mode } { $number } { $departs }
trip-no-transport = No train or flight { $origin } → { $destination } on { $date }
trip-hotel = { $nights ->
        [1] 1 night
       *[other] { $nights } nights
    } { $hotel } ★{ $rating }: { $price }
order-hotel = { $hotel } × { $nights ->
        [1] 1 night
       *[other] { $nights } nights
    } from { $date }
trip-no-hotel = No hotel free in { $destination } for those nights
trip-over-budget = Over the { $budget } budget by { $over }
trip-speech = { $destination } on { $date }, { $nights ->
        [1] 1 night
       *[other] { $nights } nights
    }.

## Buying and prices

buy-none = No { $item } found
buy-none-in-size = No { $item } in EU { $size } found
buy-what = { $quantity ->
        [1] {""}
       *[other] { $quantity } ×{" "}
    }{ $product }{ $size }
buy-offer = { $what } from { $merchant }, arrives { $date }: { $price }
buy-speech = { $product } arrives { $date }.
buy-too-late = No offer of { $product } arrives by { $by }; fastest is { $merchant } on { $date } ({ $price })
buy-no-stock = No merchant has { $product } in stock within the price
bought-from = { $product }{ $size } from { $merchant }
compare-offer = { $merchant }: { $price } ({ $hours }h)
compare-speech = Cheapest { $price } at { $merchant }.
compare-saves = Saves { $saved } against the dearest
price-size = Size { $size }
price-label-only = Matched by the label's text only
price-label-only-speech = Matched by the label's text only.
price-offer = { $price } { $merchant } · { $eta }
price-nearby = Nearby: { $shops }
price-cheapest-speech = Cheapest delivered: { $price } at { $merchant }.
price-shop-has-speech = { $shop } has it for { $price }.
price-none-speech = No merchant has it in stock.
eta-within-hour = within the hour
eta-hours = { $hours } h
eta-days = { $days } d

## Stock

stock-title = { $shop }: { $item }
stock-not-in-catalogue = No { $item } in the catalog
stock-on-shelf = { $shop }: { $quantity } on the shelf, { $price }
stock-none = { $shop }: not in stock
stock-nearby = { $shop } ({ $distance }): { $quantity } left, { $price }
stock-none-nearby = No shop within 1 km has it
stock-yes = Yes — { $quantity } in stock, { $price }
stock-yes-speech = Yes, { $shop } has { $quantity } in stock for { $price }.
stock-no = Not in stock here
stock-no-speech = No, { $shop } has none in stock.

## Places

find-title = Nearby { $category }
find-hit = { $place }{ $rating }, { $distance }
find-none = No { $wanted } within { $distance }
dish-by-kind = No place nearby is listed for { $dish }; these serve { $kind }
place-away-speech = { $place } is { $metres } metres away.
place-not-found = I could not find { $name }
place-rated-speech = { $place } is rated { $rating }.
place-unrated-speech = { $place } is unrated.
directions-line = { $distance }, heading { $heading }°, about { $duration } by { $mode }
by-walk = walk
by-bike = bike
hours-always-open = open 24 hours
hours-open = open { $opens }–{ $closes }
hours-closed = closed, opens at { $opens }
speech-rated = rated { $rating }
speech-open-now = open now
speech-closed-now = closed now
guide-none = No guide for { $name }
food-delivers = { $place } ({ $distance }) delivers
food-none = No restaurant nearby delivers that
faced-sure = Guess from position: { $percent }% sure

## Bikes

bike-available = available
bike-in-use = In use
bike-broken = Reported broken
bike-status-line = { $operator } { $bike } — { $status }
bike-confirm-speech = Confirm to unlock the bike.
bike-price = { $price } per 30 min
bike-price-battery = { $price } per 30 min · battery { $battery }%
bike-unlock-after-confirm = Unlock after you confirm
bike-speech = { $operator }: { $price } per half hour. Confirm to unlock.
bike-in-use-speech = This bike is in use.
bike-broken-speech = This bike is reported broken.

## Receipts

card-paid-title = Paid { $total }
card-paid-speech = Done. Paid { $total }.
receipt-line = { $order } · { $state ->
        [quoted] quoted
        [confirmed] confirmed
        [paid] paid
        [fulfilled] fulfilled
        [cancelled] cancelled
        [refunded] refunded
       *[other] { $state }
    }
unlocked-title = Bike { $bike } unlocked
unlocked-price = { $price } per 30 min from now
unlocked-speech = Unlocked. Enjoy the ride.
ride-line = Ride { $ride }
ride-found-title = Bike { $bike } is unlocked
ride-found-reason = an unlock confirmed before Sightline stopped went through
ride-found-price = { $price } per 30 min since it was unlocked
ride-found-speech = Bike { $bike } is unlocked. End the ride at the bike.
summary-unlock = unlock { $bike }
requote-expired = the earlier offer expired
requote-price-changed = the price changed

## Merchant payment codes

network-alipay = Alipay
network-wechat = WeChat Pay
network-unionpay = UnionPay
network-emv = EMV QR
code-pay-title = Pay { $payee }
code-pay-amount-title = Pay { $payee } { $amount }
code-network-line = { $network } code of { $payee }
code-amount = Amount { $amount }
code-ask-amount = Say or type the amount
code-ask-amount-speech = A payment code. Say the amount to pay, or type it on the phone.
no-code-title = No payment code in view
no-code-line = Look at the merchant's payment code, then say the amount.
reason-no-code = an amount was said with no payment code in view
code-careful-speech = Careful: this payment code may not belong to the shop. Check the name first.
code-warn-personal = Warning: a personal account, not a shop
code-warn-not-shop = Warning: this code does not pay { $shop }
code-warn-name = Warning: the code says { $name }
code-summary = { $amount } to { $payee } by { $network } code
code-pay-speech = Pay { $amount }? Confirm to pay.
code-refused-title = Payment code not accepted
code-refused-speech = This payment code cannot be paid.
code-not-payment = not a payment code
code-unsupported = { $scheme } codes are not supported
code-malformed = malformed { $network } code

## The glasses' link

link-notice-title = Payments need your phone
link-notice-line = The link to these glasses is not authenticated, so a tap cannot pay and what they see cannot offer a payment.
link-notice-speech = A tap cannot pay over this link. Confirm on your phone.
link-notice-offer-speech = Over this link the glasses offer no payments. To buy, use your phone.
confirm-on-phone-speech = Please confirm this on your phone.
link-notice-reason = the glasses' link is not authenticated

## Why a card was shown (kept in history)

reason-barcode = hesitated { $seconds } s over barcode { $barcode }
reason-label = hesitated { $seconds } s over the label “{ $label }”
reason-bike = a shared bike's QR code is in view
reason-code = a { $network } payment code is in view
reason-code-seen = a payment code is in view
reason-code-amount = { $amount } given for the code of { $payee }
reason-by-sign = sign “{ $text }”
reason-by-position = position and heading
reason-in-front = { $place } in front ({ $how }, confidence { $confidence })
reason-faced = stood still { $seconds } s facing { $place } (position and heading, no camera, confidence { $confidence })
reason-shop-question = asked whether { $shop } has { $item }
reason-asked-about = asked about { $place }
reason-confirmed = confirmed “{ $action }”
reason-requoted = re-quoted: { $why }
reason-notification = a phone notification
# The line the phone app shows under a card.
card-why = Why: { $reason }

## Failures, said to the wearer

error-not-found = I could not find what was asked for.
error-invalid = That cannot be asked that way.
error-refused = The service said no; nothing was done.
error-refused-declined = The payment was declined; nothing was paid.
error-refused-sold-out = It is sold out.
error-refused-unavailable = It is in use or out of service right now.
error-refused-over-limit = That is over the service's limit; nothing was done.
error-refused-not-confirmed = That was not confirmed as asked; nothing was done.
error-refused-wrong-payee = That code pays someone else; nothing was paid.
error-unreachable = The service is not answering; try again in a moment.
error-provider = The service answered with an error; try again later.
error-phone = Something went wrong on this phone; try again.

## The HUD

hud-detail-on-phone = Details in the phone app

## The Translation card ("what does this say?")

translation-title = What the sign says
translation-reason = asked what the sign says
translation-nothing = No text in view. Look at the sign and ask again.
translation-known = { $said }: { $meaning }
translation-online = { $said }: { $meaning } (translated online)
translation-unknown = { $said } (no offline translation)
translation-online-failed = Online translation failed; showing what is known offline.
translation-untranslated = { $count ->
    [one] One line has no translation.
   *[other] { $count } lines have no translation.
}
