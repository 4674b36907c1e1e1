//===--- HtmlReportTest.cpp - escaping in the HTML report -----------------===//

#include "HtmlReport.h"
#include "gtest/gtest.h"

using leakhound::escapeHtml;

TEST(HtmlReport, EscapesTheCharactersSpecialInHtml) {
  EXPECT_EQ(escapeHtml("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(HtmlReport, KeepsValidUtf8AndTabs) {
  EXPECT_EQ(escapeHtml("caf\xc3\xa9\t\xe2\x86\x92 \xf0\x9f\x90\x95"),
            "caf\xc3\xa9\t\xe2\x86\x92 \xf0\x9f\x90\x95");
}

TEST(HtmlReport, ShowsBytesThatAreNotUtf8AsHex) {
  // Latin-1, a lone continuation byte, a truncated sequence, an overlong
  // encoding, an encoded surrogate.
  EXPECT_EQ(escapeHtml("caf\xe9"), "caf\\xE9");
  EXPECT_EQ(escapeHtml("\x80x"), "\\x80x");
  EXPECT_EQ(escapeHtml("\xe2\x86"), "\\xE2\\x86");
  EXPECT_EQ(escapeHtml("\xc0\xaf"), "\\xC0\\xAF");
  EXPECT_EQ(escapeHtml("\xed\xa0\x80"), "\\xED\\xA0\\x80");
  EXPECT_EQ(escapeHtml(llvm::StringRef("a\0b\x1b", 4)), "a\\x00b\\x1B");
}

TEST(HtmlReport, MarksUpBadBytesOnlyWhenAsked) {
  EXPECT_EQ(escapeHtml("\xff", /*Markup=*/true),
            "<span class=\"bad\" title=\"byte not shown as text\">\\xFF</span>");
}
