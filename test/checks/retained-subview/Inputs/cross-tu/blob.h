#include <memory>
#include <vector>

struct Header { int id; char tag[16]; };
struct Blob { Header hdr; char body[1 << 20]; };

std::shared_ptr<const Header> header_of(std::shared_ptr<Blob> blob);
void keep_header(std::shared_ptr<const Header> &slot,
                 std::shared_ptr<Blob> blob);
void remember(std::shared_ptr<const Header> hdr);
std::shared_ptr<const Header> latest_header(std::shared_ptr<Blob> blob);
