//===--- LifetimeFactsTest.cpp - the lifetime model's merged facts --------===//

#include "checks/analysis/Lifetime.h"
#include <gtest/gtest.h>

using namespace leakhound;

namespace {

TEST(LifetimeFacts, StoredResultFollowsForwardsAcrossFiles) {
  // a() is returned by b() (another file), b() by c() (a third), and a
  // caller of c() keeps the result in a global.
  Json S = Json::parse(R"({
    "forwards_result": {"a": ["b"], "b": ["c"], "x": ["y"], "y": ["x"]},
    "stores_result": {"c": "global 'g' by 'keep'"}})");
  EXPECT_EQ(Lifetime::mergedCondition(S, "stores_result", "c"),
            std::optional<std::string>("global 'g' by 'keep'"));
  EXPECT_EQ(Lifetime::mergedCondition(S, "stores_result", "a"),
            std::optional<std::string>("global 'g' by 'keep'"));
  // A cycle of forwards with no keeper ends, with no answer.
  EXPECT_EQ(Lifetime::mergedCondition(S, "stores_result", "x"), std::nullopt);
  // Forwards say nothing about parameters.
  EXPECT_EQ(Lifetime::mergedCondition(S, "binds_param", "a#0"), std::nullopt);
}

TEST(LifetimeFacts, MalformedForwardsAreIgnored) {
  Json S = Json::parse(R"({"forwards_result": {"a": "b", "c": [1, "d"]},
                           "stores_result": {"b": "global 'g'", "d": 3}})");
  EXPECT_EQ(Lifetime::mergedCondition(S, "stores_result", "a"), std::nullopt);
  EXPECT_EQ(Lifetime::mergedCondition(S, "stores_result", "c"), std::nullopt);
}

} // namespace
