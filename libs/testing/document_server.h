// DocumentServer: an HTTP/1.1 server on loopback for tests that serves documents set by the test
// (an identity provider's key set), counts the requests, and can be told to answer an error or
// to stop answering.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace civitas::testing {

class DocumentServer {
 public:
  // Listens on 127.0.0.1 on a free port, serving from its own thread.
  DocumentServer();
  ~DocumentServer();

  int port() const { return port_; }
  std::string Url(const std::string& path) const;
  // GET `path` answers 200 with `body` from now on; other paths answer 404.
  void Set(const std::string& path, std::string body);
  // Every GET answers `status` (0: the documents again).
  void AnswerStatus(int status);
  int requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace civitas::testing
