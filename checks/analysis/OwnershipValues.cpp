//===--- OwnershipValues.cpp - expressions and effects on memory ----------===//
//
// How FunctionAnalysis evaluates expressions over the memory model
// (OwnershipModel.h) and applies effects to it.
//
//  * lvalueOf: the locations an lvalue expression designates. A local
//    variable, a field of a location, or a field/elements of an object the
//    function owns (tracked) or was passed (a param object: its locations
//    are *caller memory*). Anything else is Untracked.
//  * valueOf: the targets a pointer-valued expression may hold: what a
//    location holds (read; caller memory holds the parameter's deep
//    object), `&lvalue` (an address, or an interior pointer of an object),
//    null constants, the result of a modelled call (State::Vals). The
//    address of a union member of a block points into the block; a
//    container_of (`ptr - offsetof(T, f)`) gives the enclosing object
//    where it is known (enclosing), else nothing.
//  * Effects: setFate applies a part effect (release, escape, cond) to an
//    object; an escape takes what the object reaches along. applyArg
//    applies an argument's effect to the targets of its value. store writes
//    targets into locations (a strong update of one non-weak location, else
//    a weak one; storing into caller memory or somewhere untracked is an
//    escape) and records the memory it overwrites. allocate creates the
//    object of an allocation site, moving an earlier iteration's block to
//    generation 1.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace leakhound {
namespace ownership {

/// The first member of \p Union of the same kind as \p F: a pointer, or
/// (for descriptors) a signed integer.
static const FieldDecl *firstMemberLike(const RecordDecl *Union,
                                        const FieldDecl *F) {
  bool Pointer = F->getType()->isPointerType();
  for (const FieldDecl *M : Union->fields())
    if (Pointer ? M->getType()->isPointerType()
                : isDescriptorType(M->getType()))
      return M;
  return nullptr;
}

LValue FunctionAnalysis::lvalueOf(State &S, const Expr *E) {
  LValue LV;
  E = E->IgnoreParens();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DR->getDecl());
    if (V && V->hasLocalStorage() && !V->getType()->isReferenceType())
      LV.Locs.push_back(varLoc(V));
    else
      LV.Untracked = true;
    return LV;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    // The pointer members of a local union variable share one location
    // (they are the same bytes): named by the first of them; so do its
    // descriptor members, for handles. Other members, and unions in the
    // heap or the caller's memory, stay untracked (following every union
    // of a program's structures costs more than they give: sqlite3.c's
    // analysis grew by a sixth).
    if (F && F->getParent()->isUnion()) {
      LValue B;
      if (!ME->isArrow() && (F->getType()->isPointerType() ||
                             (!A.tracksMemory() &&
                              isDescriptorType(F->getType()))))
        B = lvalueOf(S, ME->getBase());
      if (B.Untracked || B.Locs.empty() ||
          llvm::any_of(B.Locs, [&](unsigned L) { return !Locs[L].RootVar; }))
        F = nullptr;
      else
        F = firstMemberLike(F->getParent(), F);
    }
    if (!F) {
      LV.Untracked = true;
      return LV;
    }
    if (!ME->isArrow()) {
      LValue B = lvalueOf(S, ME->getBase());
      if (B.Untracked)
        return B;
      for (unsigned L : B.Locs)
        LV.Locs.push_back(child(L, F));
      return LV;
    }
    TargetSet Base = valueOf(S, ME->getBase());
    if (Base.empty())
      LV.Untracked = true;
    for (unsigned T : Base) {
      if (isAddr(T))
        LV.Locs.push_back(child(T & ~AddrBit, F));
      else if (isObj(T) && (tracked(S, T) || isParamObj(T)))
        LV.Locs.push_back(child(objRoot(T), F));
      else if (isObj(T))
        LV.Untracked = true;
    }
    return LV;
  }
  const Expr *PtrBase = nullptr;
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    PtrBase = AS->getBase();
    // An element of a local array of descriptors at a constant index
    // (`fds[1]`): its own location.
    const auto *Decay = dyn_cast<ImplicitCastExpr>(PtrBase->IgnoreParens());
    if (!A.tracksMemory() && Decay &&
        Decay->getCastKind() == CK_ArrayToPointerDecay &&
        isDescriptorType(E->getType()))
      if (auto K = intConstant(AS->getIdx(), Ctx); K && *K >= 0 && *K < 16) {
        LValue B = lvalueOf(S, Decay->getSubExpr());
        if (B.Untracked)
          return B;
        for (unsigned L : B.Locs)
          LV.Locs.push_back(element(child(L, nullptr), int(*K)));
        return LV;
      }
  }
  else if (const auto *U = dyn_cast<UnaryOperator>(E);
           U && U->getOpcode() == UO_Deref)
    PtrBase = U->getSubExpr();
  if (PtrBase) {
    TargetSet Base = valueOf(S, PtrBase);
    if (Base.empty())
      LV.Untracked = true;
    for (unsigned T : Base) {
      if (isAddr(T))
        addElementLocs(T & ~AddrBit, LV);
      else if (isObj(T) && (tracked(S, T) || isParamObj(T)))
        LV.Locs.push_back(child(objRoot(T), nullptr));
      else if (isObj(T))
        LV.Untracked = true;
    }
    return LV;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAssignmentOp())
      return lvalueOf(S, BO->getLHS());
    if (BO->getOpcode() == BO_Comma)
      return lvalueOf(S, BO->getRHS());
  }
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(E))
    if (IC->getCastKind() == CK_NoOp || IC->getCastKind() == CK_LValueBitCast)
      return lvalueOf(S, IC->getSubExpr());
  LV.Untracked = true;
  return LV;
}

TargetSet FunctionAnalysis::read(State &S, unsigned L) {
  auto It = S.Pts.find(L);
  if (It != S.Pts.end())
    return It->second;
  if (callerMemory(L))
    return {callerContents(L)};
  return {};
}

TargetSet FunctionAnalysis::valueOf(State &S, const Expr *E) {
  TargetSet Out;
  if (!E)
    return Out;
  E = E->IgnoreParens();
  if (const auto *FE = dyn_cast<FullExpr>(E))
    return valueOf(S, FE->getSubExpr());
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return valueOf(S, MT->getSubExpr());
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    return valueOf(S, BT->getSubExpr());
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    return OV->getSourceExpr() ? valueOf(S, OV->getSourceExpr()) : Out;
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E)) {
    Out.push_back(NullTarget);
    return Out;
  }
  if (!A.tracksMemory() && isDescriptorType(E->getType()) &&
      (isa<IntegerLiteral>(E) ||
       (isa<UnaryOperator>(E) && cast<UnaryOperator>(E)->getOpcode() ==
                                     UO_Minus))) {
    // A descriptor constant: a negative one is "no descriptor"; any other
    // (`0`, `STDOUT_FILENO`) is one the process holds, not followed.
    if (auto K = intConstant(E, Ctx); K && *K < 0)
      Out.push_back(NullTarget);
    return Out;
  }
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_LValueToRValue:
      return readLValue(S, CE->getSubExpr());
    case CK_ArrayToPointerDecay: {
      LValue LV = lvalueOf(S, CE->getSubExpr());
      if (!LV.Untracked)
        for (unsigned L : LV.Locs)
          addTarget(Out, AddrBit | child(L, nullptr));
      return Out;
    }
    case CK_NullToPointer:
      Out.push_back(NullTarget);
      return Out;
    case CK_IntegralToPointer:
      if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        Out.push_back(NullTarget);
      return Out;
    case CK_PointerToIntegral:
    case CK_PointerToBoolean:
    case CK_FunctionToPointerDecay:
    case CK_BuiltinFnToFnPtr:
      return Out;
    default:
      if (E->getType()->isPointerType() || E->getType()->isReferenceType())
        return valueOf(S, CE->getSubExpr());
      // A descriptor converted between integer types keeps its value.
      if (!A.tracksMemory() && isDescriptorType(E->getType()) &&
          isDescriptorType(CE->getSubExpr()->getType()))
        return valueOf(S, CE->getSubExpr());
      return Out;
    }
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    switch (U->getOpcode()) {
    case UO_AddrOf: {
      LValue LV = lvalueOf(S, U->getSubExpr());
      if (LV.Untracked) {
        // `&p->member` of a union (not a location) still points into the
        // block `p` points to.
        const auto *ME = dyn_cast<MemberExpr>(U->getSubExpr()->IgnoreParens());
        const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
        if (F && ME->isArrow() && F->getParent()->isUnion())
          for (unsigned T : valueOf(S, ME->getBase()))
            if (isObj(T))
              addTarget(Out, T);
        return Out;
      }
      for (unsigned L : LV.Locs) {
        if (Locs[L].RootObj)
          addTarget(Out, Locs[L].RootObj); // An interior pointer.
        else
          addTarget(Out, AddrBit | L);
      }
      return Out;
    }
    case UO_PreInc:
    case UO_PreDec:
    case UO_PostInc:
    case UO_PostDec:
      if (E->getType()->isPointerType())
        return readLValue(S, U->getSubExpr());
      return Out;
    default:
      return Out;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAssignmentOp())
      return readLValue(S, BO->getLHS());
    if (BO->getOpcode() == BO_Comma)
      return valueOf(S, BO->getRHS());
    if (BO->isAdditiveOp() && E->getType()->isPointerType()) {
      Out = valueOf(S, BO->getLHS()->getType()->isPointerType()
                           ? BO->getLHS()
                           : BO->getRHS());
      if (BO->getOpcode() == BO_Sub)
        if (const auto *OE = dyn_cast<OffsetOfExpr>(
                BO->getRHS()->IgnoreParenCasts()))
          Out = enclosing(Out, OE);
      return Out;
    }
    return Out;
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    Out = valueOf(S, C->getTrueExpr());
    unionInto(Out, valueOf(S, C->getFalseExpr()));
    return Out;
  }
  if (const auto *C = dyn_cast<BinaryConditionalOperator>(E)) {
    Out = valueOf(S, C->getCommon());
    unionInto(Out, valueOf(S, C->getFalseExpr()));
    return Out;
  }
  if (isa<CXXThisExpr>(E)) {
    if (ThisObj)
      Out.push_back(ThisObj);
    return Out;
  }
  if (isa<IntegerLiteral>(E) &&
      E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
    Out.push_back(NullTarget);
    return Out;
  }
  if (auto It = S.Vals.find(E); It != S.Vals.end())
    return It->second;
  return Out;
}

TargetSet FunctionAnalysis::enclosing(const TargetSet &V,
                                     const OffsetOfExpr *OE) {
  // `(T *)((char *)p - offsetof(T, f))` (container_of): the object that
  // holds `*p` as its member f. A block stays itself (an interior pointer
  // is the block); the address of a local's field f is the local's; any
  // other local address encloses nothing the function knows of (a list
  // head whose nodes live elsewhere), so it is dropped.
  const FieldDecl *F = nullptr;
  if (OE->getNumComponents() == 1 &&
      OE->getComponent(0).getKind() == OffsetOfNode::Field)
    F = OE->getComponent(0).getField();
  TargetSet Out;
  for (unsigned T : V) {
    if (!isAddr(T)) {
      addTarget(Out, T);
      continue;
    }
    const LocInfo &I = Locs[T & ~AddrBit];
    if (F && I.Field == F && I.Parent != ~0u)
      addTarget(Out, AddrBit | I.Parent);
  }
  return Out;
}

void FunctionAnalysis::locContents(const State &S, unsigned L,
                                   TargetSet &Out) {
  for (const auto &[K, V] : S.Pts)
    if (isUnder(K, L))
      for (unsigned T : V)
        if (isObj(T) && !llvm::is_contained(Out, T)) {
          addTarget(Out, T);
          contents(S, T, Out);
        }
}

void FunctionAnalysis::contents(const State &S, unsigned O, TargetSet &Out) {
  const ObjInfo &I = Objs[O];
  if (I.Kind == ObjKind::Param || I.Kind == ObjKind::Deep) {
    unsigned D = DeepObjs[I.Param];
    if (!llvm::is_contained(Out, D))
      addTarget(Out, D);
    return;
  }
  for (const auto &[K, V] : S.Pts)
    if (Locs[K].RootObj == O)
      for (unsigned T : V)
        if (isObj(T) && !llvm::is_contained(Out, T)) {
          addTarget(Out, T);
          contents(S, T, Out);
        }
}

void FunctionAnalysis::eraseHeapLocs(State &S, unsigned O) {
  S.Pts.eraseIf([&](const auto &E) { return Locs[E.first].RootObj == O; });
}

void FunctionAnalysis::setFate(State &S, unsigned O, const PartEffect &P,
                               const std::string &Why) {
  if (P.Kind == PartKind::Borrow)
    return;
  auto It = S.Objs.find(O);
  if (It == S.Objs.end())
    return;
  ObjState &St = It->second;
  switch (P.Kind) {
  case PartKind::Borrow:
    return;
  case PartKind::Release:
    St.Bits = (St.Bits & BNull) | BReleased;
    St.Deps.clear();
    for (const auto &[K, V] : S.Pts)
      if (Locs[K].RootObj == O)
        for (unsigned T : V)
          if (isObj(T) && !Why.empty())
            FreedContainer.try_emplace(T, Why);
    eraseHeapLocs(S, O);
    return;
  case PartKind::Escape: {
    St.Bits = (St.Bits & BNull) | BEscaped;
    St.Deps.clear();
    TargetSet In;
    contents(S, O, In);
    for (unsigned T : In)
      if (auto J = S.Objs.find(T); J != S.Objs.end()) {
        J->second.Bits = (J->second.Bits & BNull) | BEscaped;
        J->second.Deps.clear();
      }
    eraseHeapLocs(S, O);
    return;
  }
  case PartKind::Cond:
    if (St.Bits & (BOwned | BBorrowed)) {
      St.Bits = (St.Bits & ~(BOwned | BBorrowed)) | BCond;
      unionInto(St.Deps, P.Deps);
    } else if (St.Bits & BCond) {
      unionInto(St.Deps, P.Deps);
    }
    return;
  }
}

void FunctionAnalysis::applyArg(State &S, const TargetSet &V,
                                const ArgEffect &E, const std::string &Why) {
  for (unsigned T : V) {
    if (T == NullTarget)
      continue;
    if (isAddr(T)) {
      unsigned L = T & ~AddrBit;
      // The address of a local: the callee sees what it holds.
      if (E.Deep.Kind == PartKind::Borrow)
        continue;
      TargetSet In;
      locContents(S, L, In);
      for (unsigned O : In)
        setFate(S, O, E.Deep, "");
      if (E.Deep.Kind != PartKind::Cond) {
        S.Pts.eraseIf([&](const auto &E) { return isUnder(E.first, L); });
      }
      continue;
    }
    if (E.Deep.Kind != PartKind::Borrow) {
      TargetSet In;
      contents(S, T, In);
      for (unsigned O : In)
        setFate(S, O, E.Deep, "");
    }
    setFate(S, T, E.Self, Why);
  }
}

void FunctionAnalysis::store(State &S, const LValue &LV, const TargetSet &V,
                             const std::string &Name) {
  if (LV.Untracked || LV.Locs.empty() ||
      llvm::any_of(LV.Locs, [&](unsigned L) { return callerMemory(L); })) {
    // The caller's memory now holds what was stored, which is no longer
    // followed: whatever a branch taught about those locations (`s->f` is
    // null) is stale, and they hold the caller's contents again.
    if (!LV.Untracked)
      for (unsigned L : LV.Locs)
        if (callerMemory(L))
          S.Pts.eraseIf([&](const auto &E) { return isUnder(E.first, L); });
    handOutOrEscape(S, LV, V);
    return;
  }
  if (!Name.empty())
    for (unsigned L : LV.Locs)
      LocNames.try_emplace(L, Name);
  if (LV.Locs.size() == 1 && !weak(LV.Locs[0]) && inUnion(LV.Locs[0])) {
    // A union's pointer member written: it may be the member a variant's
    // other arm used (`u.udp = ...` after `u.ipc = ...` on paths whose tags
    // exclude each other), so what it held is kept with the new value, not
    // taken as lost.
    if (!V.empty())
      unionInto(S.Pts[LV.Locs[0]], V);
  } else if (LV.Locs.size() == 1 && !weak(LV.Locs[0])) {
    unsigned L = LV.Locs[0];
    for (unsigned T : read(S, L))
      if (isObj(T) && !llvm::is_contained(V, T))
        Overwritten[T] = Name.empty() ? Objs[T].LastName : Name;
    if (V.empty())
      S.Pts.erase(L);
    else
      S.Pts[L] = V;
  } else {
    for (unsigned L : LV.Locs)
      if (!V.empty())
        unionInto(S.Pts[L], V);
    for (unsigned T : V)
      if (isObj(T))
        Objs[T].InWeak = true;
  }
  if (!Name.empty())
    for (unsigned T : V)
      if (isObj(T) && (Objs[T].Kind == ObjKind::Alloc ||
                       Objs[T].Kind == ObjKind::CondFresh))
        Objs[T].LastName = Name;
}

unsigned FunctionAnalysis::allocate(State &S, const Stmt *Site,
                                    const CallModel &M, unsigned GenBase) {
  unsigned G0 = siteObj(Site, GenBase), G1 = siteObj(Site, GenBase + 1);
  Objs[G0].GenBase = Objs[G1].GenBase = GenBase;
  auto Old = S.Objs.find(G0);
  if (Old != S.Objs.end() && Old->second.Bits != BNull) {
    // An earlier iteration's block: it becomes generation 1.
    ObjState St = Old->second;
    if (!Objs[G0].LastName.empty())
      Objs[G1].LastName = Objs[G0].LastName;
    Objs[G1].InWeak |= Objs[G0].InWeak;
    if (auto J = S.Objs.find(G1); J != S.Objs.end()) {
      J->second.Bits |= St.Bits;
      unionInto(J->second.Deps, St.Deps);
    } else {
      S.Objs[G1] = St;
    }
    auto Rename = [&](TargetSet &TS) {
      auto It = std::lower_bound(TS.begin(), TS.end(), G0);
      if (It != TS.end() && *It == G0) {
        TS.erase(It);
        addTarget(TS, G1);
      }
    };
    for (auto &[K, V] : S.Pts)
      Rename(V);
    for (auto &[K, V] : S.Vals)
      Rename(V);
    std::vector<std::pair<unsigned, TargetSet>> Moved;
    for (auto It = S.Pts.begin(); It != S.Pts.end();) {
      if (Locs[It->first].RootObj == G0 && Locs[It->first].Parent != ~0u &&
          Locs[Locs[It->first].Parent].Obj == G0) {
        Moved.push_back({child(objRoot(G1), Locs[It->first].Field),
                         It->second});
        It = S.Pts.erase(It);
      } else if (Locs[It->first].RootObj == G0) {
        It = S.Pts.erase(It); // Deeper paths: dropped (rare).
      } else {
        ++It;
      }
    }
    for (auto &[L, V] : Moved)
      unionInto(S.Pts[L], V);
  }
  ObjInfo &I = Objs[G0];
  I.Kind = M.Ret == CallModel::RetCondFresh ? ObjKind::CondFresh
                                             : ObjKind::Alloc;
  if (I.Kind == ObjKind::Alloc)
    A.SawAllocation = true;
  I.AllocName = M.AllocName;
  I.Dealloc = M.Dealloc;
  I.FreshUsrs = M.FreshUsrs;
  I.RetOffset = M.RetOffset;
  I.RetType = M.RetType;
  Objs[G1].Kind = I.Kind;
  Objs[G1].AllocName = I.AllocName;
  Objs[G1].Dealloc = I.Dealloc;
  Objs[G1].FreshUsrs = I.FreshUsrs;
  Objs[G1].RetOffset = I.RetOffset;
  Objs[G1].RetType = I.RetType;
  ObjState St;
  St.Bits = (M.RetUnless.empty() ? BOwned : BCond) | (M.MaybeNull ? BNull : 0);
  St.Deps = M.RetUnless;
  S.Objs[G0] = St;
  return G0;
}

} // namespace ownership
} // namespace leakhound
