// A mock of the parts of googletest that shape the code of a test: the
// assertion macros keep gtest's own structure (a fatal failure is the
// `return` of GTEST_FATAL_FAILURE_, whose operand is the failure report).
#ifndef MOCK_GTEST_H
#define MOCK_GTEST_H

namespace testing {
class Message {
public:
  Message();
  template <typename T> Message &operator<<(const T &V);
};
class AssertionResult {
public:
  explicit AssertionResult(bool Success);
  AssertionResult(const AssertionResult &Other);
  explicit operator bool() const;
  const char *failure_message() const;
};
AssertionResult AssertionSuccess();
class Test {
public:
  virtual ~Test();
  virtual void TestBody() = 0;
};
struct TestPartResult {
  enum Type { kSuccess, kNonFatalFailure, kFatalFailure, kSkip };
};
namespace internal {
class AssertHelper {
public:
  AssertHelper(TestPartResult::Type T, const char *File, int Line,
               const char *Message);
  void operator=(const Message &M) const;
};
struct EqHelper {
  template <typename T1, typename T2>
  static AssertionResult Compare(const char *E1, const char *E2, const T1 &A,
                                 const T2 &B);
};
template <typename T1, typename T2>
AssertionResult CmpHelperNE(const char *E1, const char *E2, const T1 &A,
                            const T2 &B);
template <typename T1, typename T2>
AssertionResult CmpHelperGE(const char *E1, const char *E2, const T1 &A,
                            const T2 &B);
const char *GetBoolAssertionFailureMessage(const AssertionResult &R,
                                           const char *Text, const char *A,
                                           const char *E);
} // namespace internal
} // namespace testing

#define GTEST_AMBIGUOUS_ELSE_BLOCKER_                                          \
  switch (0)                                                                   \
  case 0:                                                                      \
  default:

#define GTEST_MESSAGE_AT_(file, line, message, result_type)                    \
  ::testing::internal::AssertHelper(result_type, file, line, message) =        \
      ::testing::Message()
#define GTEST_MESSAGE_(message, result_type)                                   \
  GTEST_MESSAGE_AT_(__FILE__, __LINE__, message, result_type)
#define GTEST_FATAL_FAILURE_(message)                                          \
  return GTEST_MESSAGE_(message, ::testing::TestPartResult::kFatalFailure)
#define GTEST_NONFATAL_FAILURE_(message)                                       \
  GTEST_MESSAGE_(message, ::testing::TestPartResult::kNonFatalFailure)
#define GTEST_SKIP_(message)                                                   \
  return GTEST_MESSAGE_(message, ::testing::TestPartResult::kSkip)

#define GTEST_ASSERT_(expression, on_failure)                                  \
  GTEST_AMBIGUOUS_ELSE_BLOCKER_                                                \
  if (const ::testing::AssertionResult gtest_ar = (expression))                \
    ;                                                                          \
  else                                                                         \
    on_failure(gtest_ar.failure_message())

#define GTEST_TEST_BOOLEAN_(expression, text, actual, expected, fail)          \
  GTEST_AMBIGUOUS_ELSE_BLOCKER_                                                \
  if (const ::testing::AssertionResult gtest_ar_ =                             \
          ::testing::AssertionResult(expression))                              \
    ;                                                                          \
  else                                                                         \
    fail(::testing::internal::GetBoolAssertionFailureMessage(                  \
        gtest_ar_, text, #actual, #expected))

#define ASSERT_TRUE(condition)                                                 \
  GTEST_TEST_BOOLEAN_(condition, #condition, false, true,                      \
                      GTEST_FATAL_FAILURE_)
#define EXPECT_TRUE(condition)                                                 \
  GTEST_TEST_BOOLEAN_(condition, #condition, false, true,                      \
                      GTEST_NONFATAL_FAILURE_)
#define ASSERT_EQ(a, b)                                                        \
  GTEST_ASSERT_(::testing::internal::EqHelper::Compare(#a, #b, a, b),          \
                GTEST_FATAL_FAILURE_)
#define EXPECT_EQ(a, b)                                                        \
  GTEST_ASSERT_(::testing::internal::EqHelper::Compare(#a, #b, a, b),          \
                GTEST_NONFATAL_FAILURE_)
#define ASSERT_NE(a, b)                                                        \
  GTEST_ASSERT_(::testing::internal::CmpHelperNE(#a, #b, a, b),                \
                GTEST_FATAL_FAILURE_)
#define ASSERT_GE(a, b)                                                        \
  GTEST_ASSERT_(::testing::internal::CmpHelperGE(#a, #b, a, b),                \
                GTEST_FATAL_FAILURE_)
#define FAIL() GTEST_FATAL_FAILURE_("Failed")
#define GTEST_SKIP() GTEST_SKIP_("")

#define TEST(suite, name)                                                      \
  class suite##_##name##_Test : public ::testing::Test {                       \
    void TestBody() override;                                                  \
  };                                                                           \
  void suite##_##name##_Test::TestBody()

#endif
