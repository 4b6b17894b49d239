// Private files on the running platform: what write_private_file writes passes
// private_file_problem, a file others can read does not, and rewriting one makes it private.
#include "server/platform/private_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace kibridge::platform {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PrivateFile, WhatItWritesIsPrivate) {
  if (testing::running_under_wine()) {
    GTEST_SKIP() << "Wine derives a file's access list from its Unix mode and drops the one a program sets; "
                    "this runs on Linux and on Windows itself";
  }
  testing::TempDir dir("private-file");
  const std::string path = (dir.path() / "token file").string();  // a space, as in Windows profiles
  write_private_file(path, "secret\n");
  EXPECT_EQ(slurp(path), "secret\n");
  EXPECT_EQ(private_file_problem(path), std::nullopt);
}

TEST(PrivateFile, AFileOthersCanReadIsAProblemUntilRewritten) {
  if (testing::running_under_wine()) {
    GTEST_SKIP() << "Wine derives a file's access list from its Unix mode and drops the one a program sets; "
                    "this runs on Linux and on Windows itself";
  }
  testing::TempDir dir("private-file");
  const std::string path = (dir.path() / "token").string();
  std::ofstream(path) << "old";
  testing::make_readable_by_everyone(path);
  const auto problem = private_file_problem(path);
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("other users can read"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("run: "), std::string::npos) << *problem;  // says what to do
  write_private_file(path, "new");
  EXPECT_EQ(slurp(path), "new");
  EXPECT_EQ(private_file_problem(path), std::nullopt);
}

TEST(PrivateFile, MissingFilesAndFoldersAreProblems) {
  testing::TempDir dir("private-file");
  EXPECT_NE(private_file_problem((dir.path() / "absent").string()).value_or("").find("does not exist"),
            std::string::npos);
  EXPECT_NE(private_file_problem(dir.path().string()).value_or("").find("not a regular file"), std::string::npos);
  EXPECT_THROW(write_private_file((dir.path() / "no" / "such" / "folder").string(), "x"), std::runtime_error);
}

}  // namespace
}  // namespace kibridge::platform
