#include "services/advocacy/domain/activities.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/advocacy/domain/record_checks.h"

namespace civitas::advocacy {
namespace {

constexpr int kMaxOrganizers = 20;
constexpr int kMaxParticipantEntries = 200;
constexpr int kMaxOutputs = 50;
constexpr size_t kMaxTitleLength = 300;

int64_t FigureOf(const v1::CampaignReach& reach, const google::protobuf::FieldDescriptor* f,
                 const google::protobuf::Reflection* reflection) {
  return f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT32
             ? reflection->GetInt32(reach, f)
             : reflection->GetInt64(reach, f);
}

void CheckCount(int64_t count, int64_t max, const std::string& field, Violations* v) {
  if (count < 0 || count > max) v->Add(field, absl::StrCat("must be 0..", max));
}

}  // namespace

void ValidateActivity(const v1::Activity& a, Violations* v) {
  aip::CheckNameOf<v1::Campaign>(a.campaign(), "activity.campaign", true, v);
  constexpr char kKinds[] =
      "DIALOGUE_MEETING, PUBLIC_HEARING, PRESS_BRIEFING, TV_PROGRAMME, ARTICLE, "
      "SOCIAL_MEDIA_POST, SEMINAR, STUDY_VISIT";
  if (a.kind() == v1::ACTIVITY_KIND_UNSPECIFIED) {
    v->Add("activity.kind", absl::StrCat("is required: ", kKinds));
  } else if (!v1::ActivityKind_IsValid(static_cast<int>(a.kind()))) {
    v->Add("activity.kind",
           absl::StrCat(static_cast<int>(a.kind()), " is not an ActivityKind: ", kKinds));
  }
  aip::CheckLocalizedText(a.title(), "activity.title", true, kMaxTitleLength, v);
  aip::CheckDate(a.date(), "activity.date", true, v);
  aip::CheckText(a.place(), "activity.place", false, kMaxTitleLength, v);
  if (a.organizers_size() > kMaxOrganizers) {
    v->Add("activity.organizers", absl::StrCat("at most ", kMaxOrganizers));
  }
  std::set<std::string> seen;
  for (int i = 0; i < a.organizers_size(); ++i) {
    const std::string field = absl::StrCat("activity.organizers[", i, "]");
    aip::CheckNameOf<registry::v1::Organization>(a.organizers(i), field, true, v);
    if (!seen.insert(a.organizers(i)).second) {
      v->Add(field, absl::StrCat(a.organizers(i), " is listed twice"));
    }
  }
  if (a.participants_size() > kMaxParticipantEntries) {
    v->Add("activity.participants", absl::StrCat("at most ", kMaxParticipantEntries, " entries"));
  }
  seen.clear();
  for (int i = 0; i < a.participants_size(); ++i) {
    const v1::ParticipantCount& p = a.participants(i);
    const std::string field = absl::StrCat("activity.participants[", i, "]");
    aip::CheckNameOf<registry::v1::Organization>(p.organization(), field + ".organization", false,
                                                 v);
    if (!seen.insert(p.organization()).second) {
      v->Add(field + ".organization",
             p.organization().empty()
                 ? std::string("participants without an organisation are one entry")
                 : absl::StrCat(p.organization(), " has an entry already"));
    }
    CheckCount(p.women(), kMaxParticipants, field + ".women", v);
    CheckCount(p.men(), kMaxParticipants, field + ".men", v);
    CheckCount(p.other(), kMaxParticipants, field + ".other", v);
  }
  CheckCount(a.audience(), kMaxAudience, "activity.audience", v);
  CheckCount(a.views(), kMaxAudience, "activity.views", v);
  if (a.outputs_size() > kMaxOutputs) {
    v->Add("activity.outputs", absl::StrCat("at most ", kMaxOutputs));
  }
  for (int i = 0; i < a.outputs_size(); ++i) {
    const std::string field = absl::StrCat("activity.outputs[", i, "]");
    CheckStatement(a.outputs(i).title(), field + ".title", kMaxTitleLength, v);
    CheckWebAddress(a.outputs(i).uri(), field + ".uri", v);
  }
}

v1::CampaignReach ReachOf(const v1::Activity& a) {
  v1::CampaignReach r;
  if (a.state() == v1::ACTIVITY_ARCHIVED) return r;
  r.set_activities(1);
  for (const v1::ParticipantCount& p : a.participants()) {
    r.set_participants_women(r.participants_women() + p.women());
    r.set_participants_men(r.participants_men() + p.men());
    r.set_participants_other(r.participants_other() + p.other());
  }
  r.set_audience(a.audience());
  r.set_views(a.views());
  return r;
}

std::string ReachTotalsKey(const std::string& campaign) {
  return absl::StrCat("advocacy/reach/", campaign);
}

// Every figure of CampaignReach is an integer field, named in the totals as in the message.
std::vector<TotalChange> ReachChanges(const v1::Activity* before, const v1::Activity& after) {
  const v1::CampaignReach was = before == nullptr ? v1::CampaignReach() : ReachOf(*before);
  const v1::CampaignReach is = ReachOf(after);
  const google::protobuf::Reflection* reflection = is.GetReflection();
  const std::string key = ReachTotalsKey(after.campaign());
  std::vector<TotalChange> out;
  const google::protobuf::Descriptor* d = v1::CampaignReach::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    const int64_t delta = FigureOf(is, f, reflection) - FigureOf(was, f, reflection);
    if (delta != 0) out.push_back(TotalChange{key, f->name(), delta});
  }
  return out;
}

v1::CampaignReach ReachFromTotals(const Totals& totals) {
  v1::CampaignReach reach;
  const google::protobuf::Reflection* reflection = reach.GetReflection();
  const google::protobuf::Descriptor* d = v1::CampaignReach::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    const auto it = totals.find(f->name());
    if (it == totals.end()) continue;
    if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT32) {
      reflection->SetInt32(&reach, f, static_cast<int32_t>(it->second));
    } else {
      reflection->SetInt64(&reach, f, it->second);
    }
  }
  return reach;
}

}  // namespace civitas::advocacy
