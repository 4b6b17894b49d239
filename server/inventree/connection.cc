#include "server/inventree/connection.h"

namespace kibridge::inventree {

ClientOptions Connection::resolve() const {
  ClientOptions options = client;
  if (token_lookup) options.token = load_token(*token_lookup).token;
  return options;
}

}  // namespace kibridge::inventree
