#include "widget.h"

Widget::~Widget() {}
Gadget::~Gadget() { delete p_; }
