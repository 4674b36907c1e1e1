//===--- DriverHelpersTest.cpp - unit tests of the driver's pure helpers --===//

#include "Baseline.h"
#include "ChangedLines.h"
#include "Nolint.h"
#include "Output.h"
#include "checks/analysis/Facts.h"
#include "checks/analysis/OwnershipFacts.h"
#include <gtest/gtest.h>

using namespace leakhound;

TEST(Nolint, SameLineAndNextLine) {
  llvm::StringRef Text = "a(); // NOLINT\n"
                         "// NOLINTNEXTLINE(leak-*)\n"
                         "b();\n"
                         "c(); // NOLINT(other-check)\n"
                         "d(); // NOLINTNEXTLINE\n";
  EXPECT_TRUE(isSuppressedByNolint(Text, 1, "leak-unfreed-allocation"));
  EXPECT_FALSE(isSuppressedByNolint(Text, 2, "leak-unfreed-allocation"));
  EXPECT_TRUE(isSuppressedByNolint(Text, 3, "leak-unfreed-allocation"));
  EXPECT_FALSE(isSuppressedByNolint(Text, 4, "leak-unfreed-allocation"));
  // NOLINTNEXTLINE on line 5 is not a NOLINT for line 5 itself.
  EXPECT_FALSE(isSuppressedByNolint(Text, 5, "leak-unfreed-allocation"));
}

TEST(Nolint, Blocks) {
  llvm::StringRef Text = "// NOLINTBEGIN(leak-unbounded-container)\n"
                         "x;\n"
                         "// NOLINTEND(leak-unbounded-container)\n"
                         "y;\n";
  EXPECT_TRUE(isSuppressedByNolint(Text, 2, "leak-unbounded-container"));
  EXPECT_FALSE(isSuppressedByNolint(Text, 2, "leak-unfreed-allocation"));
  EXPECT_FALSE(isSuppressedByNolint(Text, 4, "leak-unbounded-container"));
}

static Finding finding(std::string File, unsigned Line, std::string Text) {
  Finding F;
  F.Check = "leak-unfreed-allocation";
  F.Loc.File = std::move(File);
  F.Loc.Line = Line;
  F.Loc.Column = 1;
  F.Loc.LineText = std::move(Text);
  return F;
}

TEST(Fingerprint, IgnoresLineNumbersAndWhitespace) {
  std::vector<Finding> A = {finding("/r/a.c", 10, "  free(p);")};
  std::vector<Finding> B = {finding("/r/a.c", 42, "free( p );")};
  computeFingerprints(A, "/r");
  computeFingerprints(B, "/r");
  EXPECT_EQ(A[0].Fingerprint, B[0].Fingerprint);
  std::vector<Finding> C = {finding("/r/a.c", 10, "free(q);")};
  computeFingerprints(C, "/r");
  EXPECT_NE(A[0].Fingerprint, C[0].Fingerprint);
}

TEST(Fingerprint, CountsOccurrencesOfTheSameLine) {
  std::vector<Finding> F = {finding("/r/a.c", 1, "x"), finding("/r/a.c", 9, "x")};
  computeFingerprints(F, "/r");
  EXPECT_NE(F[0].Fingerprint, F[1].Fingerprint);
  EXPECT_EQ(F[0].Fingerprint.substr(0, 16), F[1].Fingerprint.substr(0, 16));
}

TEST(Baseline, RoundTripAndSuppression) {
  std::vector<Finding> F = {finding("/r/a.c", 3, "leak();")};
  computeFingerprints(F, "/r");
  Baseline B = Baseline::fromFindings(F, "/r");
  Baseline C;
  std::string Err;
  ASSERT_TRUE(C.parse(B.serialise(), Err)) << Err;
  EXPECT_EQ(C.size(), 1u);
  std::vector<Finding> Moved = {finding("/r/a.c", 30, "leak();")};
  computeFingerprints(Moved, "/r");
  C.markSuppressed(Moved, "/r");
  EXPECT_EQ(Moved[0].Suppressed, Suppression::External);
}

TEST(Baseline, RejectsMalformed) {
  Baseline B;
  std::string Err;
  EXPECT_FALSE(B.parse("{", Err));
  EXPECT_FALSE(B.parse("{\"version\": 1, \"findings\": [1]}", Err));
  EXPECT_FALSE(B.parse("[]", Err));
}

TEST(ChangedLines, ParsesUnifiedZeroContextDiff) {
  ChangedLines C;
  C.parseDiff("diff --git a/src/x.c b/src/x.c\n"
              "--- a/src/x.c\n"
              "+++ b/src/x.c\n"
              "@@ -3,0 +4,2 @@ void f()\n"
              "+a\n+b\n"
              "@@ -10 +12 @@\n"
              "-c\n+d\n",
              "/repo");
  EXPECT_FALSE(C.contains("/repo/src/x.c", 3));
  EXPECT_TRUE(C.contains("/repo/src/x.c", 4));
  EXPECT_TRUE(C.contains("/repo/src/x.c", 5));
  EXPECT_FALSE(C.contains("/repo/src/x.c", 6));
  EXPECT_TRUE(C.contains("/repo/src/x.c", 12));
  EXPECT_FALSE(C.contains("/repo/src/y.c", 4));
}

TEST(Facts, UnionMergeIsOrderIndependent) {
  Json A = Json::parse(R"({"f": {"grows": [2, 1], "escapes": false}})");
  Json B = Json::parse(R"({"f": {"grows": [3, 1], "escapes": true}, "g": {}})");
  Json AB, BA;
  mergeJsonUnion(AB, A);
  mergeJsonUnion(AB, B);
  mergeJsonUnion(BA, B);
  mergeJsonUnion(BA, A);
  EXPECT_EQ(AB, BA);
  EXPECT_EQ(AB["f"]["grows"], Json::parse("[1, 2, 3]"));
  EXPECT_EQ(AB["f"]["escapes"], true);
}

TEST(Facts, OwnershipSummariesOfOneFunctionJoin) {
  // Three TUs define f: two agree, one also keeps its second parameter.
  Json A = Json::parse(R"({"functions": {"c:@F@f": {"name": "f", "params":
      [{"self": {"takes": true}}, {}], "ret": {"fresh": true},
      "dealloc": "free"}}})");
  Json B = A;
  Json C = Json::parse(R"({"functions": {"c:@F@f": {"name": "f", "params":
      [{}, {"deep": {"deps": ["c:@F@g|0|d"]}}], "ret": {"other": true}}},
      "conditional": [1]})");
  auto Merge = [](std::initializer_list<const Json *> Parts) {
    Json Out;
    for (const Json *P : Parts)
      mergeUnfreedAllocation(Out, *P);
    return Out;
  };
  // Agreeing definitions merge to the summary itself, slots in place.
  EXPECT_EQ(Merge({&A, &B}), A);
  Json Abc = Merge({&A, &B, &C});
  EXPECT_EQ(Abc, Merge({&C, &B, &A}));
  EXPECT_EQ(Abc, Merge({&B, &C, &A}));
  // Associative: merging a merged file gives the same.
  Json Ab = Merge({&A, &B});
  EXPECT_EQ(Merge({&Ab, &C}), Abc);
  const Json &F = Abc["functions"]["c:@F@f"];
  ASSERT_EQ(F["params"].size(), 2u);
  EXPECT_EQ(F["params"][0], Json::parse(R"({"self": {"takes": true}})"));
  EXPECT_EQ(F["params"][1],
            Json::parse(R"({"deep": {"deps": ["c:@F@g|0|d"]}})"));
  EXPECT_EQ(F["ret"], Json::parse(R"({"fresh": true, "other": true})"));
  EXPECT_FALSE(F.contains("dealloc"));
  EXPECT_EQ(Abc["conditional"], Json::parse("[1]"));
}

TEST(Facts, ReturnedParametersAreExportedAsTaken) {
  // A function that returns its first parameter: within its TU the result
  // aliases the argument; other TUs read the parameter as taken.
  OwnershipSummary S;
  S.Name = "fill";
  S.Params.resize(2);
  S.Params[1].Deep.Takes = true;
  S.RetNull = true;
  S.RetParams = {0};
  Json J = S.toJson();
  EXPECT_EQ(J["params"][0],
            Json::parse(R"({"self": {"takes": true}, "deep": {"takes": true}})"));
  EXPECT_EQ(J["params"][1], Json::parse(R"({"deep": {"takes": true}})"));
  EXPECT_EQ(J["ret"], Json::parse(R"({"other": true, "null": true})"));
  EXPECT_TRUE(OwnershipSummary::fromJson(J).RetParams.empty());
  // Joined with another definition, it is the folded form either way.
  OwnershipSummary T = OwnershipSummary::fromJson(J);
  OwnershipSummary U = S;
  U.join(T);
  T.join(S);
  EXPECT_EQ(U.toJson(), T.toJson());
  EXPECT_EQ(U.toJson(), J);
}
