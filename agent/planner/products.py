"""What kind of product a brief sells, and what that implies: where it is filmed, what people do with it.

A trail shoe goes on a trail, a latte in a café, a lantern at a campsite. ``{p}`` in a phrase stands for
the product as named in a sentence ('the Lumen solar camping lantern').
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Category(NamedTuple):
    """A kind of product and how the offline planner films it."""

    keywords: tuple[str, ...]
    setting: str
    """Where, with its preposition ('on a rocky mountain trail')."""
    doing: str
    """What someone does with it, as a participle phrase ('lacing up {p}')."""
    does: str
    """The same as a verb for one person ('laces up {p}')."""
    detail: str
    """What the macro shot looks at."""


def _c(keywords: str, setting: str, doing: str, does: str, detail: str) -> Category:
    return Category(tuple(k.strip() for k in keywords.split(",")), setting, doing, does, detail)


CATEGORIES: tuple[Category, ...] = (
    _c(
        "subscription, delivery, box",
        "at a front door, a fresh delivery just arrived",
        "unboxing {p}",
        "unboxes {p}",
        "the packaging opening",
    ),
    _c(
        "banking app, bank, banking, finance app, budget app, wallet, payments",
        "at a café table, phone in hand",
        "checking {p} on a phone",
        "checks {p} on a phone",
        "a thumb on the phone screen",
    ),
    _c(
        "crm, software, saas, dashboard, analytics, platform, hr software, tool",
        "in a bright modern office",
        "opening {p} on a laptop",
        "opens {p} on a laptop",
        "a clean, uncluttered workspace",
    ),
    _c(
        "app, meditation",
        "on a busy morning commute",
        "tapping into {p} on a phone",
        "taps into {p} on a phone",
        "a thumb on the phone screen",
    ),
    _c(
        "trail shoe, trail runner, trail running shoe, hiking boot, hiking shoe",
        "on a rocky mountain trail",
        "lacing up {p}",
        "laces up {p}",
        "the grippy tread on loose rock",
    ),
    _c("running shoe", "on an empty running track", "lacing up {p}", "laces up {p}", "the cushioned sole"),
    _c(
        "shoe, sneaker, trainer, boot, footwear, laufschuh",
        "on a city street after rain",
        "lacing up {p}",
        "laces up {p}",
        "the stitching and the sole",
    ),
    _c(
        "jacket, coat, fleece, parka, raincoat",
        "on a windswept mountain ridge",
        "zipping up {p}",
        "zips up {p}",
        "the weatherproof seams",
    ),
    _c(
        "lantern, torch, flashlight, headlamp",
        "at a lakeside campsite",
        "switching on {p}",
        "switches on {p}",
        "the glow inside the lantern",
    ),
    _c(
        "tent, sleeping bag, camp stove, backpack, camping",
        "at a lakeside campsite",
        "setting up {p}",
        "sets up {p}",
        "the fabric and the buckles",
    ),
    _c(
        "energy drink, soda, seltzer, sparkling water",
        "at a sun-baked skate park",
        "cracking open {p}",
        "cracks open {p}",
        "condensation running down the can",
    ),
    _c(
        "cold brew, iced coffee, iced tea, iced latte",
        "on a sunny café terrace",
        "taking the first sip of {p}",
        "takes the first sip of {p}",
        "ice turning in the glass",
    ),
    _c(
        "latte, coffee, espresso, cappuccino, matcha, tea, chai, mocha, café, cafe, brew",
        "in a cosy café corner by the window",
        "taking the first sip of {p}",
        "takes the first sip of {p}",
        "the swirl of milk and steam",
    ),
    _c(
        "juice, smoothie, milk, water, kombucha, wine, beer, cocktail, drink",
        "at a sunlit kitchen counter",
        "pouring {p}",
        "pours {p}",
        "the pour catching the light",
    ),
    _c(
        "perfume, fragrance, cologne, parfum, scent",
        "at a marble dressing table",
        "spraying {p}",
        "sprays {p}",
        "light through the glass bottle",
    ),
    _c(
        "serum, cream, moisturiser, moisturizer, skincare, lip balm, balm, deodorant, cleanser, lotion, sunscreen, "
        "shampoo, soap, body wash",
        "at a bright bathroom vanity",
        "applying {p}",
        "applies {p}",
        "the texture on skin",
    ),
    _c(
        "desk lamp, lamp, light bulb",
        "at a calm home-office desk",
        "switching on {p}",
        "switches on {p}",
        "light spilling across the desk",
    ),
    _c(
        "candle, diffuser, home fragrance",
        "in a cosy living room",
        "lighting {p}",
        "lights {p}",
        "the flicker of the flame",
    ),
    _c(
        "bedding, duvet, sheets, mattress, pillow, bed",
        "in a sunlit bedroom",
        "sinking into {p}",
        "sinks into {p}",
        "the weave of the fabric",
    ),
    _c(
        "standing desk, desk, office chair",
        "in a calm home office",
        "working at {p}",
        "works at {p}",
        "the clean lines of the frame",
    ),
    _c(
        "sofa, chair, blanket, rug",
        "in a sunlit living room",
        "settling into {p}",
        "settles into {p}",
        "the weave of the fabric",
    ),
    _c(
        "electric bike, e-bike, bike, bicycle, scooter",
        "along a leafy city bike lane",
        "riding {p}",
        "rides {p}",
        "the frame and the spinning wheel",
    ),
    _c("car, ev, suv, vehicle", "on an open coastal road", "driving {p}", "drives {p}", "the curve of the bodywork"),
    _c(
        "yoga mat, yoga, pilates",
        "in a sunlit yoga studio with wooden floors",
        "rolling out {p}",
        "rolls out {p}",
        "the grip texture of the mat",
    ),
    _c(
        "fitness, workout, dumbbell, protein, kettlebell",
        "in a busy gym",
        "training with {p}",
        "trains with {p}",
        "chalk and grip",
    ),
    _c(
        "headphones, earbuds, headset",
        "on a busy morning commute",
        "slipping on {p}",
        "slips on {p}",
        "the soft ear cushions",
    ),
    _c("speaker, soundbar", "at a rooftop get-together", "turning up {p}", "turns up {p}", "the speaker grille"),
    _c(
        "smartwatch, watch, fitness tracker, tracker",
        "on a park path during a morning run",
        "glancing at {p}",
        "glances at {p}",
        "the watch face",
    ),
    _c(
        "sunglasses, glasses, eyewear, goggles",
        "on a sunny beach boardwalk",
        "slipping on {p}",
        "slips on {p}",
        "light in the lenses",
    ),
    _c(
        "hot sauce, sauce, ketchup, spice, seasoning",
        "at a lively street-food stall",
        "drizzling {p}",
        "drizzles {p}",
        "the glossy drip",
    ),
    _c(
        "pet food, dog food, cat food, pet, treats",
        "in a sunny living room with a happy dog",
        "serving {p}",
        "serves {p}",
        "a wagging tail by the bowl",
    ),
    _c(
        "meal kit, food, snack, bread, pizza, burger, cereal, chocolate, granola, pasta, cookie, cake, pastry",
        "at a busy family kitchen table",
        "digging into {p}",
        "digs into {p}",
        "the texture of every bite",
    ),
    _c(
        "bakery, restaurant, bar, shop, store, salon, hotel, boutique, gym",
        "inside {p}",
        "walking in, greeted like a regular",
        "walks in, greeted like a regular",
        "the details of the interior",
    ),
    _c(
        "toy, robot, lego, doll, puzzle, board game",
        "on a playroom floor",
        "playing with {p}",
        "plays with {p}",
        "the toy's moving parts",
    ),
    _c(
        "controller, console, gaming, video game",
        "in a gamer's den lit by the screen",
        "gripping {p}",
        "grips {p}",
        "thumbs on the buttons",
    ),
    _c(
        "book, novel, poetry, magazine, journal",
        "in a reading nook by a rainy window",
        "opening {p}",
        "opens {p}",
        "the texture of the pages",
    ),
    _c("drone", "on a coastal clifftop", "launching {p}", "launches {p}", "the spinning rotors"),
    _c(
        "camera", "on a coastal clifftop", "raising {p} to frame a shot", "raises {p} to frame a shot", "the lens glass"
    ),
    _c(
        "phone, smartphone, laptop, tablet",
        "at a sunlit desk",
        "picking up {p}",
        "picks up {p}",
        "the edge of the device",
    ),
    _c(
        "dress, shirt, t-shirt, hoodie, jeans, clothing, apparel",
        "on a bustling city street",
        "trying on {p}",
        "tries on {p}",
        "the fabric and the fit",
    ),
    _c(
        "ring, necklace, jewellery, jewelry, bracelet, earrings",
        "at a velvet-lined dressing table",
        "fastening {p}",
        "fastens {p}",
        "the sparkle of the stone",
    ),
    _c(
        "recycling plant, factory, plant, warehouse",
        "inside {p}",
        "walking the floor among the machines",
        "walks the floor among the machines",
        "machinery in motion",
    ),
    _c(
        "flowers, bouquet, bouquets, plants",
        "at a sunlit kitchen table",
        "arranging {p}",
        "arranges {p}",
        "petals catching the light",
    ),
)


def _matches(keyword: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(keyword)}(?:s|es)?(?![\w-])", text) is not None


def category_of(product: str) -> Category | None:
    """The product's category: a multi-word keyword first, then the head noun, then any word."""
    text = product.lower()
    head = text.split()[-1] if text.split() else ""
    passes: tuple[tuple[bool, str], ...] = ((True, text), (False, head), (False, text))
    for multiword_only, where in passes:
        for category in CATEGORIES:
            if any(_matches(k, where) for k in category.keywords if " " in k or not multiword_only):
                return category
    return None
