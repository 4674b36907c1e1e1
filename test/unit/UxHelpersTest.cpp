//===--- UxHelpersTest.cpp - header scope, progress line, leak-only checks ===//

#include "Configuration.h"
#include "HeaderScope.h"
#include "Progress.h"
#include <gtest/gtest.h>

using namespace leakhound;
using clang::tidy::ClangTidyOptions;
using Source = clang::tidy::ClangTidyOptionsProvider::OptionsSource;

TEST(HeaderScope, DefaultIsUnderTheRoot) {
  HeaderScope S(std::nullopt, std::nullopt, "/p/proj", {});
  EXPECT_TRUE(S.shows("/p/proj/include/a.h"));
  EXPECT_FALSE(S.shows("/p/project2/a.h")); // a sibling sharing the prefix
  EXPECT_FALSE(S.shows("/usr/include/stdio.h"));
}

TEST(HeaderScope, FilterReplacesTheRootAndEmptyShowsNone) {
  HeaderScope F(std::string("third"), std::nullopt, "/p/proj", {});
  EXPECT_TRUE(F.shows("/opt/third/a.h"));
  EXPECT_FALSE(F.shows("/p/proj/a.h"));
  HeaderScope None(std::string(""), std::nullopt, "/p/proj", {"/x/named.h"});
  EXPECT_FALSE(None.shows("/p/proj/a.h"));
  EXPECT_TRUE(None.shows("/x/named.h"));
  HeaderScope Ex(std::nullopt, std::string("/vendor/"), "/p/proj", {});
  EXPECT_FALSE(Ex.shows("/p/proj/vendor/a.h"));
  EXPECT_TRUE(Ex.shows("/p/proj/src/a.h"));
}

TEST(Progress, OneLineRewrittenInPlaceAndErased) {
  std::string Out;
  {
    llvm::raw_string_ostream OS(Out);
    Progress P(OS, ProgressMode::Always, false, 12, "/r");
    P.update(0, "/r/lib/http.c");
    P.update(1, "");
    P.finish();
    OS.flush();
  }
  EXPECT_EQ(Out, "\r[0/12] lib/http.c\x1b[K\r[1/12] lib/http.c\x1b[K\r\x1b[K");
}

TEST(Progress, AutoNeedsATerminalAndMoreThanAHandful) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  EXPECT_FALSE(Progress(OS, ProgressMode::Auto, false, 100, "").enabled());
  EXPECT_FALSE(Progress(OS, ProgressMode::Auto, true, Progress::Handful, "")
                   .enabled());
  EXPECT_TRUE(Progress(OS, ProgressMode::Auto, true, Progress::Handful + 1, "")
                  .enabled());
  EXPECT_FALSE(Progress(OS, ProgressMode::Never, true, 100, "").enabled());
  ProgressMode M;
  EXPECT_FALSE(parseProgressMode("yes", M));
}

static Source checks(const char *Name, const char *Checks) {
  ClangTidyOptions O;
  O.Checks = Checks;
  return Source(O, Name);
}

TEST(LeakOnly, AListNamingNoLeakCheckIsLeftOut) {
  std::vector<std::string> Ignored;
  auto On = enabledLeakChecks(
      {checks("clang-tidy binary", "-*,leak-*"),
       checks("/p/.clang-tidy", "-*,clang-analyzer-*,bugprone-*")},
      &Ignored);
  EXPECT_EQ(On.size(), registeredCheckNames().size());
  EXPECT_EQ(Ignored, (std::vector<std::string>{"clang-analyzer-*",
                                               "bugprone-*"}));
}

TEST(LeakOnly, AListNamingLeakChecksSelects) {
  auto On = enabledLeakChecks(
      {checks("clang-tidy binary", "-*,leak-*"),
       checks("/p/.clang-tidy", "-*,clang-analyzer-*,leak-unfreed-allocation")});
  EXPECT_EQ(On, std::vector<std::string>{"leak-unfreed-allocation"});
}

TEST(Configuration, KnownOptionsComeFromTheChecks) {
  std::vector<std::string> Known = knownCheckOptions();
  EXPECT_TRUE(std::binary_search(Known.begin(), Known.end(),
                                 "leak-unfreed-allocation.Allocators"));
  EXPECT_TRUE(std::binary_search(Known.begin(), Known.end(),
                                 "leak-blocked-thread.MaxCallDepth"));
  EXPECT_FALSE(std::binary_search(Known.begin(), Known.end(),
                                  "leak-blocked-thread.Allocators"));
}
