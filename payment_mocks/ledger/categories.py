"""Merchant categories, and the ones a consumption restriction order (限制高消费令) blocks."""

from __future__ import annotations

#: Categories a restriction order blocks (DOMAIN.md rule 12).
RESTRICTED_CATEGORIES: frozenset[str] = frozenset(
    {
        "air_travel",  # 乘坐飞机
        "soft_sleeper",  # 列车软卧
        "g_train",  # G字头动车组列车全部座位
        "bullet_train_first_class",  # 其他动车组列车一等以上座位
        "star_hotel",  # 星级以上宾馆
        "nightclub",  # 夜总会
        "golf",  # 高尔夫球场
        "real_estate",  # 购买不动产
        "car",  # 购买非经营必需车辆
        "travel",  # 旅游、度假
        "private_school",  # 子女就读高收费私立学校
        "high_premium_insurance",  # 支付高额保费购买保险理财产品
        "wealth_product",
    }
)

#: Everyday categories, never restricted.
EVERYDAY_CATEGORIES: frozenset[str] = frozenset(
    {"grocery", "utilities", "rent", "medical", "public_transport", "bullet_train_second_class", "food", "other"}
)

ALL_CATEGORIES: frozenset[str] = RESTRICTED_CATEGORIES | EVERYDAY_CATEGORIES


def check_category(category: str) -> str:
    """Return the category or raise ValueError naming the known ones."""
    if category not in ALL_CATEGORIES:
        raise ValueError(f"unknown merchant category {category!r}; known: {', '.join(sorted(ALL_CATEGORIES))}")
    return category
