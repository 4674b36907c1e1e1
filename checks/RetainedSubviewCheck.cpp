//===--- RetainedSubviewCheck.cpp - leak-retained-subview
//------------------===//
//
// Matches only functions that contain a candidate piece (an aliasing
// shared_ptr construction, a view-producing expression, a move or swap) and
// variables with static storage duration; everything else happens once at the
// end of the translation unit in RetainedSubviewAnalysis, where sizes are
// estimated lazily for the stores that reach long-lived storage.
//
//===----------------------------------------------------------------------===//

#include "RetainedSubviewCheck.h"
#include "analysis/RetainedSubviewAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

static constexpr llvm::StringLiteral FunctionId = "fn";
static constexpr llvm::StringLiteral StaticVarId = "static";

RetainedSubviewCheck::RetainedSubviewCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LargeBufferBytes(Options.get("LargeBufferBytes", 65536ULL)) {}

RetainedSubviewCheck::~RetainedSubviewCheck() = default;

void RetainedSubviewCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LargeBufferBytes", LargeBufferBytes);
}

void RetainedSubviewCheck::registerMatchers(MatchFinder *Finder) {
  auto StdRecord = [](auto... Names) {
    return qualType(
        hasCanonicalType(hasDeclaration(cxxRecordDecl(hasAnyName(Names...)))));
  };
  auto Piece = stmt(anyOf(
      cxxConstructExpr(argumentCountIs(2),
                       hasType(StdRecord("::std::shared_ptr"))),
      callExpr(callee(functionDecl(hasAnyName("::std::move", "::std::swap")))),
      cxxMemberCallExpr(callee(cxxMethodDecl(
          hasAnyName("substr", "subspan", "first", "last", "data", "c_str",
                     "begin", "end", "cbegin", "cend", "swap")))),
      cxxConstructExpr(
          hasType(StdRecord("::std::basic_string_view", "::std::span"))),
      binaryOperator(hasAnyOperatorName("+", "-"), hasType(pointerType())),
      unaryOperator(hasOperatorName("&"),
                    hasUnaryOperand(ignoringParenImpCasts(anyOf(
                        arraySubscriptExpr(),
                        cxxOperatorCallExpr(hasOverloadedOperatorName("[]")),
                        memberExpr())))),
      returnStmt(hasReturnValue(ignoringParenImpCasts(declRefExpr(
          hasType(StdRecord("::std::vector", "::std::basic_string"))))))));
  Finder->addMatcher(functionDecl(isDefinition(),
                                  unless(isExpansionInSystemHeader()),
                                  hasBody(hasDescendant(Piece)))
                         .bind(FunctionId),
                     this);
  Finder->addMatcher(
      varDecl(hasGlobalStorage(), unless(isExpansionInSystemHeader()))
          .bind(StaticVarId),
      this);
}

void RetainedSubviewCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Analysis || Context != Result.Context) {
    Context = Result.Context;
    Analysis = std::make_unique<leakhound::RetainedSubviewAnalysis>(
        *Context, LargeBufferBytes);
  }
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId)) {
    if (!F->isInvalidDecl() && !F->isDependentContext())
      Analysis->addFunction(F);
    return;
  }
  if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>(StaticVarId))
    if (!VD->isInvalidDecl())
      Analysis->addStaticVar(VD);
}

void RetainedSubviewCheck::onEndOfTranslationUnit() {
  if (!Analysis)
    return;
  std::vector<leakhound::RetentionFinding> Findings = Analysis->run();
  for (const leakhound::RetentionFinding &R : Findings) {
    using Form = leakhound::RetentionFinding::FormTy;
    bool HasFix = !R.FixText.empty();
    {
      DiagnosticBuilder Diag =
          R.Form == Form::Capacity
              ? diag(R.Loc, "'%0' keeps the capacity of its %1 buffer alive "
                            "in %2 after shrinking")
                    << R.Piece << R.Size.describe() << R.Dest
              : diag(R.Loc, "%0 keeps the whole %1 buffer '%2' alive in %3")
                    << ((R.Form == Form::Alias ? "aliasing shared_ptr"
                                               : "view") +
                        (R.Piece.empty() ? std::string()
                                         : " '" + R.Piece + "'"))
                    << R.Size.describe() << R.Buffer << R.Dest;
      Diag << R.Range;
      if (HasFix && R.FixInsertAfter.empty() && R.FixInsertLoc.isValid())
        Diag << FixItHint::CreateInsertion(R.FixInsertLoc, R.FixText);
      else if (HasFix && !R.FixInsertAfter.empty())
        Diag << FixItHint::CreateInsertion(R.FixInsertLoc, R.FixText)
             << FixItHint::CreateInsertion(
                    Lexer::getLocForEndOfToken(R.FixRange.getEnd(), 0,
                                               Context->getSourceManager(),
                                               Context->getLangOpts()),
                    R.FixInsertAfter);
      else if (HasFix)
        Diag << FixItHint::CreateReplacement(R.FixRange, R.FixText);
    }
    if (R.StoreLoc.isValid())
      diag(R.StoreLoc, "stored in %0 here", DiagnosticIDs::Note) << R.Dest;
    if (R.Size.Loc.isValid()) {
      if (R.Size.Kind == leakhound::SizeEstimate::Unbounded)
        diag(R.Size.Loc, "'%0' is filled from %1 here", DiagnosticIDs::Note)
            << R.Buffer << R.Size.Why;
      else
        diag(R.Size.Loc, "'%0' reaches %1 bytes here", DiagnosticIDs::Note)
            << R.Buffer << std::to_string(R.Size.Bytes);
    }
    if (R.ShrinkLoc.isValid())
      diag(R.ShrinkLoc, "'%0' is shrunk here", DiagnosticIDs::Note) << R.Piece;
    if (R.OwnerLoc.isValid())
      diag(R.OwnerLoc, "the whole buffer is kept alive here",
           DiagnosticIDs::Note);
    if (HasFix)
      continue;
    if (R.Form == Form::Alias)
      diag(R.Loc,
           "copy the piece into its own allocation instead of aliasing '%0'",
           DiagnosticIDs::Note)
          << R.Buffer;
    else if (R.Form == Form::View)
      diag(R.Loc,
           "store a copy of the piece (e.g. 'std::string(...)') instead of "
           "keeping '%0' alive",
           DiagnosticIDs::Note)
          << R.Buffer;
    else
      diag(R.Loc, "call '%0.shrink_to_fit()' before storing it",
           DiagnosticIDs::Note)
          << R.Piece;
  }
  Analysis.reset();
  Context = nullptr;
}

} // namespace clang::tidy::leak
