#include "tools/fake-inventree/fake_inventree.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>

#include "server/platform/socket_io.h"
#include "server/util/hex.h"
#include "tools/fake-inventree/fake_shapes.h"
#include "tools/fake-inventree/fake_writes.h"

namespace kibridge::fake_inventree {

using nlohmann::json;

struct FakeInvenTree::Index {
  std::vector<const storage::CategoryRecord*> categories;  // tree order: parents first
  std::unordered_map<int64_t, CategoryFacts> category_facts;
  std::unordered_map<int64_t, const storage::CategoryRecord*> category_by_id;
  std::vector<const storage::PartRecord*> parts_by_id;
  std::vector<const storage::PartRecord*> parts_by_name;  // InvenTree's default part ordering
  std::unordered_map<int64_t, const storage::PartRecord*> part_by_id;
  std::vector<const storage::ParameterTemplateRecord*> templates;
  std::unordered_map<int64_t, const storage::ParameterTemplateRecord*> template_by_id;
  std::unordered_map<int64_t, int64_t> template_usage;
  std::vector<const storage::PartParameterRecord*> parameters;
  std::unordered_map<int64_t, std::vector<const storage::PartParameterRecord*>> parameters_by_part;
  std::vector<const storage::PartAttachmentRecord*> attachments;
  std::vector<const storage::ManufacturerPartRecord*> manufacturer_parts;
  std::vector<const storage::SupplierPartRecord*> supplier_parts;
  std::vector<const storage::CategoryParameterRecord*> category_parameters;
  std::map<std::string, int64_t> company_pk;  // companies are known by name in the records

  std::string category_name(const storage::PartRecord& p) const {
    if (!p.category_id) return "";
    auto it = category_by_id.find(*p.category_id);
    return it == category_by_id.end() ? "" : it->second->name;
  }
  const storage::ParameterTemplateRecord* template_of(int64_t id) const {
    auto it = template_by_id.find(id);
    return it == template_by_id.end() ? nullptr : it->second;
  }

  // Each record's JSON text, rendered once per variant (API version and detail flags), so
  // that serving a page costs the fake little more than copying bytes and benchmarks
  // measure the client. Element references stay valid as the maps grow (node-based).
  std::mutex render_mutex;
  std::unordered_map<std::string, std::unordered_map<const void*, std::string>> rendered;

  template <typename Item, typename Render>
  const std::string& text(const std::string& variant, const Item& item, Render&& render) {
    {
      std::lock_guard<std::mutex> lock(render_mutex);
      auto& texts = rendered[variant];
      auto it = texts.find(&item);
      if (it != texts.end()) return it->second;
    }
    std::string t = render(item).dump();
    std::lock_guard<std::mutex> lock(render_mutex);
    return rendered[variant].emplace(&item, std::move(t)).first->second;
  }
};

namespace {

template <typename Record>
std::vector<const Record*> by_id(const std::vector<Record>& records) {
  std::vector<const Record*> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](const Record* a, const Record* b) { return a->id < b->id; });
  return out;
}

std::optional<int64_t> int_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  const std::string v = req.get_param_value(name);
  char* end = nullptr;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || end == nullptr || *end != '\0') return std::nullopt;
  return n;
}

// DRF's BooleanFilter / OptionalField spelling: true/1/yes/on.
std::optional<bool> bool_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  std::string v = req.get_param_value(name);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return v == "true" || v == "1" || v == "yes" || v == "on";
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

std::string encode_component(const std::string& s) {
  return util::percent_encode(s);
}

// DRF's absolute next/previous links, built from the Host header like Django does.
std::string page_link(const httplib::Request& req, int64_t limit, int64_t offset) {
  std::string url = "http://" + req.get_header_value("Host") + req.path + "?";
  for (const auto& [k, v] : req.params) {
    if (k == "limit" || k == "offset") continue;
    url += encode_component(k) + "=" + encode_component(v) + "&";
  }
  url += "limit=" + std::to_string(limit);
  if (offset > 0) url += "&offset=" + std::to_string(offset);
  return url;
}

// LimitOffsetPagination without a default page size: no (or an invalid) limit answers the
// whole list as a bare array. `text` gives an item's JSON text.
template <typename Item, typename Text>
void serve_list(const httplib::Request& req, httplib::Response& res, const std::vector<const Item*>& items, Text text,
                std::chrono::microseconds item_latency) {
  auto limit = int_param(req, "limit");
  const auto total = static_cast<int64_t>(items.size());
  int64_t begin = 0;
  int64_t end = total;
  std::string body;
  if (limit && *limit > 0) {
    begin = std::min(total, std::max<int64_t>(0, int_param(req, "offset").value_or(0)));
    end = std::min(total, begin + *limit);
    body = "{\"count\":" + std::to_string(total) + ",\"next\":" +
           (begin + *limit < total ? json(page_link(req, *limit, begin + *limit)).dump() : "null") + ",\"previous\":" +
           (begin > 0 ? json(page_link(req, *limit, std::max<int64_t>(0, begin - *limit))).dump() : "null") +
           ",\"results\":[";
  } else {
    body = "[";
  }
  for (int64_t i = begin; i < end; ++i) {
    if (i > begin) body += ',';
    body += text(*items[static_cast<size_t>(i)]);
  }
  body += limit && *limit > 0 ? "]}" : "]";
  if (item_latency.count() > 0) std::this_thread::sleep_for(item_latency * (end - begin));
  res.status = 200;
  res.set_content(std::move(body), "application/json");
}

template <typename Item, typename Keep>
std::vector<const Item*> filtered(const std::vector<const Item*>& items, Keep keep) {
  std::vector<const Item*> out;
  for (const Item* item : items) {
    if (keep(*item)) out.push_back(item);
  }
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// What a failing InvenTree (or the proxy in front of it) answers with `status`.
void answer_with_fault_status(const Fault& fault, const std::string& path, httplib::Response& res) {
  if (fault.retry_after_seconds) res.set_header("Retry-After", std::to_string(*fault.retry_after_seconds));
  if (fault.status == 503) {
    res.status = 503;
    res.set_content("<html><body><h1>Maintenance mode</h1></body></html>", "text/html");
  } else if (fault.status == 429) {
    send_json(res, 429, detail_json("Request was throttled."));
  } else if (fault.status >= 500) {
    send_json(res, fault.status,
              {{"error", "OperationalError"},
               {"error_class", "<class 'django.db.utils.OperationalError'>"},
               {"detail", "Error details can be found in the admin panel"},
               {"path", path},
               {"status_code", fault.status}});
  } else {
    send_json(res, fault.status, detail_json("Injected fault"));
  }
}

}  // namespace

FakeInvenTree::FakeInvenTree(FakeOptions options)
    : options_(std::move(options)), api_version_(options_.api_version), index_(std::make_unique<Index>()) {}

FakeInvenTree::~FakeInvenTree() { stop(); }

void FakeInvenTree::start(int port, const std::string& host) {
  join_listener();
  std::unique_ptr<httplib::Server> server;
  if (!options_.tls_cert_file.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(), options_.tls_key_file.c_str());
    if (!tls->is_valid()) throw std::runtime_error("fake InvenTree cannot load " + options_.tls_cert_file);
    server = std::move(tls);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  const size_t threads = options_.worker_threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Small answers must not stall on delayed ACKs (TCP_NODELAY), as kibridge's own server.
  server->set_socket_options([](socket_t sock) { platform::set_server_socket_options(sock); });
  server->set_keep_alive_timeout(1);
  // Reads are served before routing; writes need their body, which httplib reads only for a
  // routed request.
  server->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  auto write_handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server->Post(".*", write_handler);
  server->Put(".*", write_handler);
  server->Patch(".*", write_handler);
  server->Delete(".*", write_handler);
  int bound = port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) throw std::runtime_error("fake InvenTree cannot listen on " + host + ":" + std::to_string(port));
  std::lock_guard<std::mutex> lock(server_mutex_);
  port_ = bound;
  host_ = host;
  server_ = std::move(server);
  httplib::Server* raw = server_.get();
  listener_ = std::thread([raw] { raw->listen_after_bind(); });
  // stop() is a no-op until the listener runs; wait, so start() then stop() cannot race.
  while (!raw->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void FakeInvenTree::go_down() {
  // httplib::Server::stop() may run once per listen: a second call while the listener is
  // still winding down trips its assertion (svr_sock_ already closed; seen under TSan when a
  // kGoDown fault and the test's teardown both stopped the server). So it runs once per
  // start(), on a thread of its own rather than inside the request handler that asked;
  // go_down() returns when it has run, so connections are refused from then on.
  std::shared_future<void> stopped;
  {
    std::lock_guard<std::mutex> lock(server_mutex_);
    if (!server_) return;
    if (!stop_requested_) {
      stop_requested_ = true;
      httplib::Server* raw = server_.get();
      auto done = std::make_shared<std::promise<void>>();
      stopped_ = done->get_future().share();
      stopper_ = std::thread([raw, done] {
        raw->stop();
        done->set_value();
      });
    }
    stopped = stopped_;
  }
  stopped.wait();
}

void FakeInvenTree::join_listener() {
  go_down();
  std::thread stopper;
  {
    std::lock_guard<std::mutex> lock(server_mutex_);
    stopper = std::move(stopper_);
  }
  if (stopper.joinable()) stopper.join();
  if (listener_.joinable()) listener_.join();
  std::lock_guard<std::mutex> lock(server_mutex_);
  server_.reset();
  stop_requested_ = false;
}

void FakeInvenTree::stop() { join_listener(); }

bool FakeInvenTree::running() const {
  std::lock_guard<std::mutex> lock(server_mutex_);
  return server_ && !stop_requested_ && server_->is_running();
}

std::string FakeInvenTree::url() const {
  return (options_.tls_cert_file.empty() ? "http://" : "https://") + host_ + ":" + std::to_string(port_);
}

void FakeInvenTree::set_data(storage::MirrorSnapshot data) {
  std::unique_lock lock(data_mutex_);
  data_ = std::move(data);
  rebuild_index_locked();
}

void FakeInvenTree::edit(const std::function<void(storage::MirrorSnapshot&)>& change) {
  std::unique_lock lock(data_mutex_);
  change(data_);
  rebuild_index_locked();
}

storage::MirrorSnapshot FakeInvenTree::data() const {
  std::shared_lock lock(data_mutex_);
  return data_;
}

void FakeInvenTree::set_plugin(std::optional<FakePlugin> plugin) {
  std::unique_lock lock(data_mutex_);
  plugin_ = std::move(plugin);
}

void FakeInvenTree::set_api_version(int api_version) { api_version_.store(api_version); }

void FakeInvenTree::add_fault(Fault fault) {
  std::lock_guard<std::mutex> lock(fault_mutex_);
  faults_.push_back(ActiveFault{std::move(fault)});
}

void FakeInvenTree::clear_faults() {
  std::lock_guard<std::mutex> lock(fault_mutex_);
  faults_.clear();
}

void FakeInvenTree::set_request_hook(std::function<void(const std::string&)> hook) {
  std::lock_guard<std::mutex> lock(fault_mutex_);
  hook_ = std::move(hook);
}

FakeCounters FakeInvenTree::counters() const {
  std::lock_guard<std::mutex> lock(counter_mutex_);
  return counters_;
}

void FakeInvenTree::reset_counters() {
  std::lock_guard<std::mutex> lock(counter_mutex_);
  counters_ = FakeCounters{};
}

void FakeInvenTree::rebuild_index_locked() {
  auto idx = std::make_unique<Index>();
  for (const auto& c : data_.categories) idx->category_by_id[c.id] = &c;
  // Tree order with InvenTree's tie-breaks: depth-first, siblings by name then pk.
  std::unordered_map<int64_t, std::vector<const storage::CategoryRecord*>> children;
  std::vector<const storage::CategoryRecord*> roots;
  for (const auto& c : data_.categories) {
    if (c.parent_id && idx->category_by_id.count(*c.parent_id)) {
      children[*c.parent_id].push_back(&c);
    } else {
      roots.push_back(&c);
    }
  }
  auto by_name = [](const storage::CategoryRecord* a, const storage::CategoryRecord* b) {
    return std::tie(a->name, a->id) < std::tie(b->name, b->id);
  };
  std::function<int64_t(const storage::CategoryRecord*, int)> walk = [&](const storage::CategoryRecord* c, int level) {
    idx->categories.push_back(c);
    auto& kids = children[c->id];
    std::sort(kids.begin(), kids.end(), by_name);
    int64_t descendants = 0;
    for (const auto* k : kids) descendants += 1 + walk(k, level + 1);
    idx->category_facts[c->id] = CategoryFacts{level, 0, descendants};
    return descendants;
  };
  std::sort(roots.begin(), roots.end(), by_name);
  for (const auto* r : roots) walk(r, 0);

  idx->parts_by_id = by_id(data_.parts);
  idx->parts_by_name = idx->parts_by_id;
  std::stable_sort(idx->parts_by_name.begin(), idx->parts_by_name.end(),
                   [](const storage::PartRecord* a, const storage::PartRecord* b) { return a->name < b->name; });
  for (const auto* p : idx->parts_by_id) {
    idx->part_by_id[p->id] = p;
    // part_count includes the parts of every subcategory.
    std::optional<int64_t> cat = p->category_id;
    for (int guard = 0; cat && guard < 1000; ++guard) {
      auto it = idx->category_by_id.find(*cat);
      if (it == idx->category_by_id.end()) break;
      idx->category_facts[*cat].part_count++;
      cat = it->second->parent_id;
    }
  }
  idx->templates = by_id(data_.templates);
  for (const auto* t : idx->templates) idx->template_by_id[t->id] = t;
  idx->parameters = by_id(data_.parameters);
  for (const auto* p : idx->parameters) {
    idx->parameters_by_part[p->part_id].push_back(p);
    idx->template_usage[p->template_id]++;
  }
  idx->attachments = by_id(data_.attachments);
  idx->manufacturer_parts = by_id(data_.manufacturer_parts);
  idx->supplier_parts = by_id(data_.supplier_parts);
  idx->category_parameters = by_id(data_.category_parameters);
  for (const auto* m : idx->manufacturer_parts) idx->company_pk.emplace(m->manufacturer, 0);
  for (const auto* s : idx->supplier_parts) idx->company_pk.emplace(s->supplier, 0);
  int64_t next_company = 1;
  for (auto& [name, pk] : idx->company_pk) pk = next_company++;
  index_ = std::move(idx);
}

std::optional<Fault> FakeInvenTree::take_fault(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(fault_mutex_);
  for (auto& f : faults_) {
    if (!f.fault.path.empty() && f.fault.path != path) continue;
    if (!f.fault.method.empty() && f.fault.method != method) continue;
    if (f.seen++ < f.fault.skip) continue;
    if (f.fault.times >= 0 && f.hits >= f.fault.times) continue;
    ++f.hits;
    return f.fault;
  }
  return std::nullopt;
}

void FakeInvenTree::handle(const httplib::Request& req, httplib::Response& res) {
  const std::string& path = req.path;
  {
    std::lock_guard<std::mutex> lock(counter_mutex_);
    ++counters_.requests;
    ++counters_.requests_by_path[path];
    ++counters_.requests_by_method[req.method];
    std::string target = path;
    if (!req.params.empty()) {
      target += "?";
      bool first = true;
      for (const auto& [k, v] : req.params) {
        target += (first ? "" : "&") + k + "=" + v;
        first = false;
      }
    }
    counters_.targets.push_back(std::move(target));
  }
  std::function<void(const std::string&)> hook;
  {
    std::lock_guard<std::mutex> lock(fault_mutex_);
    hook = hook_;
  }
  if (hook) hook(path);
  if (options_.request_latency.count() > 0) std::this_thread::sleep_for(options_.request_latency);

  const int api = api_version_.load();
  auto fault = take_fault(req.method, path);
  if (fault) {
    switch (fault->kind) {
      case FaultKind::kLatency:
        std::this_thread::sleep_for(fault->latency);
        break;
      case FaultKind::kStatus:
        answer_with_fault_status(*fault, path, res);
        return;
      case FaultKind::kMalformedJson:
        res.status = 200;
        res.set_content(R"({"count": 3, "next": null, "previous": null, "results": [{"pk": 1, "na)", "application/json");
        return;
      case FaultKind::kDropConnection:
      case FaultKind::kActThenStatus:
      case FaultKind::kGoDown:
        break;  // handled below, once the request was acted on
    }
  }

  // Token authentication (the API root and the health check are public).
  const bool is_public = path == "/api/" || path == "/api/system/health/";
  bool forbidden = false;
  bool superuser = false;
  if (!is_public) {
    const std::string auth = req.get_header_value("Authorization");
    const std::string prefix = "Token ";
    if (auth.empty()) {
      res.set_header("WWW-Authenticate", "Token");
      send_json(res, 401, detail_json("Authentication credentials were not provided."));
      return;
    }
    if (auth.rfind("Basic ", 0) == 0) {
      send_json(res, 401, detail_json("Invalid username/password."));
      return;
    }
    if (auth.rfind(prefix, 0) != 0) {
      res.set_header("WWW-Authenticate", "Token");
      send_json(res, 401, detail_json("Authentication credentials were not provided."));
      return;
    }
    const std::string token = auth.substr(prefix.size());
    if (contains(options_.revoked_tokens, token)) {
      send_json(res, 401, detail_json("Token has been revoked"));
      return;
    }
    if (contains(options_.expired_tokens, token)) {
      send_json(res, 401, detail_json("Token has expired"));
      return;
    }
    forbidden = contains(options_.forbidden_tokens, token);
    superuser = contains(options_.superuser_tokens, token);
    if (!forbidden && !contains(options_.tokens, token)) {
      send_json(res, 401, detail_json("Invalid token."));
      return;
    }
  }

  res.set_header("X-InvenTree-Version", options_.software_version);
  res.set_header("X-InvenTree-API", std::to_string(api));

  if (req.method != "GET") {
    if (forbidden) {
      send_json(res, 403, detail_json("You do not have permission to perform this action."));
    } else if (!serve_write(req, res, api)) {
      send_json(res, 405, detail_json("Method \"" + req.method + "\" not allowed."));
    }
  } else {
    std::shared_lock lock(data_mutex_);
    Index& idx = *index_;
    const auto latency = options_.item_latency;
    // The text of a record as `render` makes it, cached under `variant` (which must name
    // everything the rendering depends on).
    auto cached = [&idx, api](const std::string& variant, auto render) {
      return [&idx, render, key = variant + "@" + std::to_string(api)](const auto& item) -> const std::string& {
        return idx.text(key, item, render);
      };
    };
    if (path == "/api/") {
      send_json(res, 200, info_json(api, options_.software_version));
    } else if (path == "/api/system/health/") {
      send_json(res, 200, {{"status", "ok"}});
    } else if (auto plugin = plugin_answer(plugin_ ? &*plugin_ : nullptr, data_, path, api, superuser && !forbidden)) {
      // Any authenticated user may read the plugin's settings, even without the part role.
      send_json(res, plugin->status, plugin->body);
    } else if (forbidden) {
      send_json(res, 403, detail_json("You do not have permission to perform this action."));
    } else if (path == "/api/user/me/") {
      send_json(res, 200, {{"pk", 1}, {"username", "admin"}, {"first_name", ""}, {"last_name", ""}, {"email", "admin@example.com"}});
    } else if (path == "/api/part/category/") {
      serve_list(req, res, idx.categories,
                 cached("category",
                        [&idx](const storage::CategoryRecord& c) { return category_json(c, idx.category_facts.at(c.id)); }),
                 latency);
    } else if (path == "/api/part/") {
      const bool by_id_ordering = api >= 482 && req.get_param_value("ordering") == "id";
      const bool embed = bool_param(req, "parameters").value_or(false);
      const bool pricing = bool_param(req, "pricing").value_or(true);
      const auto& order = by_id_ordering ? idx.parts_by_id : idx.parts_by_name;
      auto render = cached(std::string("part") + (embed ? "+parameters" : "") + (pricing ? "+pricing" : ""),
                           [&idx, embed, pricing, api](const storage::PartRecord& p) {
        json j = part_json(p, idx.category_name(p), pricing, api);
        if (embed) {
          json params = json::array();
          auto it = idx.parameters_by_part.find(p.id);
          if (it != idx.parameters_by_part.end()) {
            for (const auto* prm : it->second) {
              params.push_back(parameter_json(*prm, idx.template_of(prm->template_id), true, true, api));
            }
          }
          j["parameters"] = std::move(params);
        }
        return j;
      });
      if (auto cat = int_param(req, "category")) {
        const bool cascade = bool_param(req, "cascade").value_or(true);
        auto in_category = [&](const storage::PartRecord& p) {
          std::optional<int64_t> c = p.category_id;
          for (int guard = 0; c && guard < 1000; ++guard) {
            if (*c == *cat) return true;
            if (!cascade) return false;
            auto it = idx.category_by_id.find(*c);
            if (it == idx.category_by_id.end()) return false;
            c = it->second->parent_id;
          }
          return false;
        };
        serve_list(req, res, filtered(order, in_category), render, latency);
      } else {
        serve_list(req, res, order, render, latency);
      }
    } else if ((api >= 430 && path == "/api/parameter/template/") ||
               (api < 430 && path == "/api/part/parameter/template/")) {
      // DRF's exact (case-sensitive) filter on name.
      const bool by_name = req.has_param("name");
      const std::string name = req.get_param_value("name");
      serve_list(req, res,
                 filtered(idx.templates,
                          [&](const storage::ParameterTemplateRecord& t) { return !by_name || t.name == name; }),
                 cached("template",
                        [&idx, api](const storage::ParameterTemplateRecord& t) {
                          auto used = idx.template_usage.find(t.id);
                          return template_json(t, used == idx.template_usage.end() ? 0 : used->second, api);
                        }),
                 latency);
    } else if ((api >= 430 && path == "/api/parameter/") || (api < 430 && path == "/api/part/parameter/")) {
      const bool template_detail = bool_param(req, "template_detail").value_or(true);
      const bool user_detail = bool_param(req, "updated_by_detail").value_or(true);
      // Parameters belong to parts, or (API 505+) to part categories.
      const std::string model_type = req.get_param_value("model_type");
      if (api >= 505 && (model_type == "part.partcategory" || model_type == "partcategory")) {
        auto model_id = int_param(req, "model_id");
        serve_list(req, res,
                   filtered(idx.category_parameters,
                            [&](const storage::CategoryParameterRecord& p) {
                              return !model_id || p.category_id == *model_id;
                            }),
                   cached(std::string("category_parameter") + (template_detail ? "+template" : ""),
                          [template_detail](const storage::CategoryParameterRecord& p) {
                            return category_parameter_json(p, template_detail);
                          }),
                   latency);
      } else {
        auto model_id = int_param(req, api >= 430 ? "model_id" : "part");
        auto template_id = int_param(req, "template");
        const bool other_model = !model_type.empty() && model_type != "part" && model_type != "part.part";
        auto render = cached(std::string("parameter") + (template_detail ? "+template" : "") + (user_detail ? "+user" : ""),
                             [&idx, template_detail, user_detail, api](const storage::PartParameterRecord& p) {
                               return parameter_json(p, idx.template_of(p.template_id), template_detail, user_detail,
                                                     api);
                             });
        if (other_model || model_id || template_id) {
          serve_list(req, res,
                     filtered(idx.parameters,
                              [&](const storage::PartParameterRecord& p) {
                                return !other_model && (!model_id || p.part_id == *model_id) &&
                                       (!template_id || p.template_id == *template_id);
                              }),
                     render, latency);
        } else {
          serve_list(req, res, idx.parameters, render, latency);
        }
      }
    } else if ((api >= 207 && path == "/api/attachment/") || (api < 207 && path == "/api/part/attachment/")) {
      const std::string model_type = req.get_param_value("model_type");
      auto model_id = int_param(req, api >= 207 ? "model_id" : "part");
      auto is_link = bool_param(req, "is_link");
      const bool other_model = !model_type.empty() && model_type != "part";
      serve_list(req, res,
                 filtered(idx.attachments,
                          [&](const storage::PartAttachmentRecord& a) {
                            return !other_model && (!model_id || a.part_id == *model_id) &&
                                   (!is_link || *is_link == !a.link.empty());
                          }),
                 cached("attachment", [api](const storage::PartAttachmentRecord& a) { return attachment_json(a, api); }),
                 latency);
    } else if (path == "/api/company/part/manufacturer/") {
      const bool detail = bool_param(req, "manufacturer_detail").value_or(true);
      serve_list(req, res, idx.manufacturer_parts,
                 cached(detail ? "manufacturer_part+detail" : "manufacturer_part",
                        [&idx, detail](const storage::ManufacturerPartRecord& m) {
                          return manufacturer_part_json(m, idx.company_pk.at(m.manufacturer), detail);
                        }),
                 latency);
    } else if (path == "/api/company/part/") {
      const bool detail = bool_param(req, "supplier_detail").value_or(true);
      serve_list(req, res, idx.supplier_parts,
                 cached(detail ? "supplier_part+detail" : "supplier_part",
                        [&idx, detail, api](const storage::SupplierPartRecord& s) {
                          return supplier_part_json(s, idx.company_pk.at(s.supplier), detail, api);
                        }),
                 latency);
    } else if (auto pk = detail_pk(path, "/api/part/")) {
      auto it = idx.part_by_id.find(*pk);
      if (it == idx.part_by_id.end()) {
        send_json(res, 404, detail_json("No Part matches the given query."));
      } else {
        send_json(res, 200, part_json(*it->second, idx.category_name(*it->second), true, api));
      }
    } else if (auto pk = detail_pk(path, api >= 430 ? "/api/parameter/" : "/api/part/parameter/")) {
      auto it = std::find_if(idx.parameters.begin(), idx.parameters.end(),
                             [&](const storage::PartParameterRecord* p) { return p->id == *pk; });
      if (it == idx.parameters.end()) {
        send_json(res, 404, detail_json(std::string("No ") + (api >= 430 ? "Parameter" : "PartParameter") +
                                        " matches the given query."));
      } else {
        send_json(res, 200, parameter_json(**it, idx.template_of((*it)->template_id), true, true, api));
      }
    } else if (auto pk = detail_pk(path, api >= 207 ? "/api/attachment/" : "/api/part/attachment/")) {
      auto it = std::find_if(idx.attachments.begin(), idx.attachments.end(),
                             [&](const storage::PartAttachmentRecord* a) { return a->id == *pk; });
      if (it == idx.attachments.end()) {
        send_json(res, 404, detail_json(std::string("No ") + (api >= 207 ? "Attachment" : "PartAttachment") +
                                        " matches the given query."));
      } else {
        send_json(res, 200, attachment_json(**it, api));
      }
    } else {
      send_json(res, 404,
                {{"detail", "API endpoint not found"}, {"url", "http://" + req.get_header_value("Host") + path}});
    }
  }

  {
    std::lock_guard<std::mutex> lock(counter_mutex_);
    counters_.bytes_sent += static_cast<int64_t>(res.body.size());
  }

  if (fault && fault->kind == FaultKind::kActThenStatus) {
    res.headers.clear();
    answer_with_fault_status(*fault, path, res);
    return;
  }

  if (fault && (fault->kind == FaultKind::kDropConnection || fault->kind == FaultKind::kGoDown)) {
    // Announce the full length, send half of it, then abort: the client sees the connection
    // close in the middle of the body.
    auto body = std::make_shared<std::string>(std::move(res.body));
    res.body.clear();
    const bool go_down_after = fault->kind == FaultKind::kGoDown;
    res.set_content_provider(body->size(), "application/json",
                             [body](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset == 0 && body->size() > 1) {
                                 sink.write(body->data(), body->size() / 2);
                                 return true;
                               }
                               return false;
                             });
    if (go_down_after) go_down();
  }
}

bool FakeInvenTree::serve_write(const httplib::Request& req, httplib::Response& res, int api) {
  std::optional<WriteAnswer> answer;
  {
    std::unique_lock lock(data_mutex_);
    answer = apply_write(data_, WriteRequest{req.method, req.path, req.body, api});
    if (answer && answer->applied) rebuild_index_locked();
  }
  if (!answer) return false;
  if (answer->applied) {
    std::lock_guard<std::mutex> lock(counter_mutex_);
    counters_.writes.push_back(req.method + " " + req.path);
  }
  if (answer->body.is_null()) {
    res.status = answer->status;
  } else {
    send_json(res, answer->status, answer->body);
  }
  return true;
}

}  // namespace kibridge::fake_inventree
