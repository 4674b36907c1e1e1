#include "widget.h"

Widget::Widget() : buf_(new char[16]) {}
int Widget::size() const { return buf_[0]; }

Gadget::Gadget() : p_(new int(1)) {}
