// Every record's field table (one header per family), for a backend that
// stores them all.
#pragma once

#include "storage/records/activity.hpp"
#include "storage/records/field.hpp"
#include "storage/records/one_use.hpp"
#include "storage/records/organization.hpp"
#include "storage/records/scim_token.hpp"
#include "storage/records/sql.hpp"
#include "storage/records/user.hpp"
