/* ioc-sim-open311.c — citizens reporting problems through the Open311 API
 *
 * Each report is what a citizen app posts: the spec's form-encoded POST to
 * /open311/v2/requests.json with the api_key, a service_code of
 * services.json, a place in one of today's wards or communes (its centroid
 * from GET /api/v1/units plus a few hundred metres), an address in
 * Vietnamese, a description written the way people write them, and often
 * the reporter's name and phone. Wards (towns) report more than rural
 * communes; sidewalk encroachment and littering more than food safety,
 * roughly as in Buôn Ma Thuột's 2021–2023 figures.
 */
#include "ioc-sim.h"

#include <math.h>
#include <string.h>

typedef struct {
  char   *id;
  char   *name;
  double  lat, lon;
  double  weight;
  gboolean town;    /* a ward: streets; a commune: villages (thôn, buôn) */
} Place;

typedef struct {
  GPtrArray *places;     /* Place* */
  double     total_weight;
  GPtrArray *codes;      /* char*: the services iocd offers */
} State;

static void
place_free (gpointer data)
{
  Place *p = data;

  g_free (p->id);
  g_free (p->name);
  g_free (p);
}

static void
state_free (gpointer data)
{
  State *s = data;

  g_ptr_array_unref (s->places);
  g_ptr_array_unref (s->codes);
  g_free (s);
}

/* How often each category comes in, and what people write. */
static const struct {
  const char *code;
  double      weight;
  const char *texts[4];
} categories[] = {
  { "sidewalk_encroachment", 9, {
      "Quán cà phê bày bàn ghế lấn chiếm hết vỉa hè, người đi bộ phải xuống lòng đường",
      "Hộ kinh doanh dựng mái che, để xe máy kín vỉa hè trước cửa",
      "Vật liệu xây dựng đổ tràn ra lòng đường, rất nguy hiểm vào ban đêm",
      "Bán hàng rong chiếm lòng đường gây ùn tắc giờ tan học" } },
  { "littering", 8, {
      "Rác thải sinh hoạt đổ thành đống ven đường, bốc mùi hôi thối",
      "Có người đổ trộm xà bần và rác ra khu đất trống",
      "Thùng rác công cộng đầy tràn nhiều ngày chưa được thu gom",
      "Rác thải trôi đầy mương thoát nước sau cơn mưa" } },
  { "street_trading", 5, {
      "Chợ tạm họp dưới lòng đường từ sáng sớm, xe không đi qua được",
      "Nhiều xe đẩy bán hàng tụ tập trước cổng trường",
      "Tụ tập buôn bán trái cây trên vỉa hè, xả rác bừa bãi" } },
  { "unlicensed_construction", 4, {
      "Công trình đang xây dựng không có biển báo giấy phép",
      "Hộ dân cơi nới lấn ra hành lang đường",
      "Xây dựng nhà trên đất nông nghiệp, làm việc cả ban đêm" } },
  { "wastewater", 4, {
      "Nước thải từ cơ sở chế biến chảy tràn ra đường, mùi rất nặng",
      "Cống thoát nước bị tắc, nước thải đọng thành vũng",
      "Trại chăn nuôi xả nước thải ra suối" } },
  { "advertising", 3, {
      "Quảng cáo rao vặt dán kín cột điện và tường nhà",
      "Biển quảng cáo lớn bị gió làm nghiêng, có nguy cơ đổ",
      "Băng rôn quảng cáo treo sai quy định trên dải phân cách" } },
  { "traffic", 3, {
      "Xe tải đậu đỗ sai quy định che khuất tầm nhìn ở ngã tư",
      "Đèn tín hiệu giao thông bị hỏng từ hôm qua",
      "Nhiều xe máy chạy ngược chiều vào giờ cao điểm" } },
  { "security_order", 2, {
      "Nhóm thanh niên tụ tập gây ồn ào, đua xe lúc nửa đêm",
      "Karaoke mở loa lớn quá 22 giờ làm ảnh hưởng khu dân cư" } },
  { "environment", 2, {
      "Khói bụi từ xưởng đốt củi làm cả khu dân cư ngột ngạt",
      "Khai thác cát trái phép ven sông gây sạt lở" } },
  { "food_safety", 1, {
      "Cơ sở bán đồ ăn vặt không rõ nguồn gốc trước cổng trường",
      "Quán ăn mất vệ sinh, thực phẩm để ngoài trời không che đậy" } },
  { "urban_management", 1, {
      "Cây xanh bị gãy đổ chắn ngang đường chưa được dọn",
      "Đèn chiếu sáng công cộng cả tuyến đường không sáng" } },
  { "other", 1, {
      "Hố ga mất nắp trên đường, rất nguy hiểm cho người đi đường",
      "Chó thả rông không rọ mõm trong khu dân cư" } },
};

static const char *const streets[] = {
  "Lê Duẩn", "Phan Bội Châu", "Nguyễn Tất Thành", "Lý Thường Kiệt", "Hùng Vương", "Y Jút", "Phan Chu Trinh",
  "Ngô Quyền", "Quang Trung", "Mai Hắc Đế", "Nguyễn Công Trứ", "Hai Bà Trưng", "Trần Phú", "Lê Hồng Phong",
  "Nguyễn Văn Cừ", "Đinh Tiên Hoàng", "Y Wang", "Giải Phóng", "Tôn Đức Thắng", "Võ Văn Kiệt", "Ama Khê",
  "Phạm Văn Đồng", "Nguyễn Thị Định", "Lê Thánh Tông", "Trường Chinh", "Hà Huy Tập",
};

/* Ê Đê and M'nông village names of the province. */
static const char *const villages[] = {
  "Ko Tam", "Akõ Dhông", "Kram", "Ea Bông", "Tơng Jú", "Jun", "Đôn", "Kmrơng Prông", "Cuôr Knia", "Triă",
};

static const char *const landmarks[] = {
  "Gần chợ", "Trước cổng trường tiểu học", "Đối diện trạm y tế", "Cạnh nhà văn hóa thôn", "Ngã ba",
  "Khu dân cư", "Sau bến xe",
};

static gboolean
open311_prepare (IocSim        *sim,
                 IocSimDriver  *d,
                 gboolean      *enabled,
                 GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) units = NULL;
  g_autoptr(JsonNode) services = NULL;
  State *s;
  JsonArray *items;

  d->per_hour = sim->opt.reports_per_hour;
  if (d->per_hour <= 0)
    {
      *enabled = FALSE;
      return TRUE;
    }
  /* Today's wards and communes, with their centroids. */
  path = g_strdup_printf ("/api/v1/units?kind=ward,commune&valid_on=%s&limit=5000", sim->today);
  units = ioc_sim_get_json (sim, path, error);
  if (units == NULL)
    return FALSE;
  services = ioc_sim_get_json (sim, "/open311/v2/services.json", error);
  if (services == NULL)
    return FALSE;

  s = g_new0 (State, 1);
  s->places = g_ptr_array_new_with_free_func (place_free);
  s->codes = g_ptr_array_new_with_free_func (g_free);
  d->state = s;
  d->state_free = state_free;
  items = json_object_get_array_member (json_node_get_object (units), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *u = json_array_get_object_element (items, i);
      Place *p;
      if (!json_object_has_member (u, "lat") || json_object_get_null_member (u, "lat"))
        continue;
      p = g_new0 (Place, 1);
      p->id = g_strdup (json_object_get_string_member (u, "id"));
      p->name = g_strdup (json_object_get_string_member (u, "name"));
      p->lat = json_object_get_double_member (u, "lat");
      p->lon = json_object_get_double_member (u, "lon");
      /* Towns report more. */
      p->town = g_strcmp0 (json_object_get_string_member (u, "kind"), "ward") == 0;
      p->weight = p->town ? 3.0 : 1.0;
      s->total_weight += p->weight;
      g_ptr_array_add (s->places, p);
    }
  if (s->places->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "iocd has no ward or commune with a centroid valid on %s", sim->today);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (services)); i++)
    g_ptr_array_add (s->codes, g_strdup (json_object_get_string_member (
      json_array_get_object_element (json_node_get_array (services), i), "service_code")));
  return TRUE;
}

static gboolean
offered (State      *s,
         const char *code)
{
  for (guint i = 0; i < s->codes->len; i++)
    if (g_str_equal (g_ptr_array_index (s->codes, i), code))
      return TRUE;
  return FALSE;
}

static Place *
pick_place (State *s,
            GRand *r)
{
  double x = g_rand_double_range (r, 0, s->total_weight);

  for (guint i = 0; i < s->places->len; i++)
    {
      Place *p = g_ptr_array_index (s->places, i);
      if (x < p->weight)
        return p;
      x -= p->weight;
    }
  return g_ptr_array_index (s->places, s->places->len - 1);
}

static guint
pick_category (State *s,
               GRand *r)
{
  double total = 0, x;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    total += offered (s, categories[i].code) ? categories[i].weight : 0;
  x = g_rand_double_range (r, 0, MAX (total, 1e-9));
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      double w = offered (s, categories[i].code) ? categories[i].weight : 0;
      if (x < w)
        return i;
      x -= w;
    }
  return 0;
}

static void
add_param (GString    *form,
           const char *name,
           const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", name, escaped);
}

static void
open311_fire (IocSim       *sim,
              IocSimDriver *d)
{
  State *s = d->state;
  GRand *r = d->rand;
  guint c = pick_category (s, r);
  Place *p = pick_place (s, r);
  g_autoptr(GString) form = g_string_new (NULL);
  g_autofree char *address = NULL;
  const char *text;
  guint n_texts = 0;
  gboolean with_coords = g_rand_double (r) < 0.85;

  while (n_texts < G_N_ELEMENTS (categories[c].texts) && categories[c].texts[n_texts] != NULL)
    n_texts++;
  text = categories[c].texts[g_rand_int_range (r, 0, (gint32) n_texts)];

  add_param (form, "api_key", sim->opt.open311_key);
  add_param (form, "service_code", categories[c].code);
  if (with_coords)
    {
      /* A few hundred metres around the centroid (σ ≈ 600 m). */
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (lat, sizeof lat, "%.6f", p->lat + ioc_sim_gauss (r) * 0.0055);
      g_ascii_formatd (lon, sizeof lon, "%.6f", p->lon + ioc_sim_gauss (r) * 0.0055 / cos (p->lat * G_PI / 180));
      add_param (form, "lat", lat);
      add_param (form, "long", lon);
    }
  if (p->town && g_rand_boolean (r))
    address = g_strdup_printf ("Số %d đường %s, %s", g_rand_int_range (r, 1, 400), IOC_SIM_PICK (r, streets), p->name);
  else if (p->town)
    address = g_strdup_printf ("%s %s, %s", IOC_SIM_PICK (r, landmarks), IOC_SIM_PICK (r, streets), p->name);
  else if (g_rand_boolean (r))
    address = g_strdup_printf ("Thôn %d, %s", g_rand_int_range (r, 1, 16), p->name);
  else
    address = g_strdup_printf ("%s buôn %s, %s", IOC_SIM_PICK (r, landmarks), IOC_SIM_PICK (r, villages), p->name);
  if (!with_coords || g_rand_double (r) < 0.7)
    add_param (form, "address_string", address);
  add_param (form, "description", text);
  if (g_rand_double (r) < 0.6)
    {
      g_autofree char *name = ioc_sim_person_name (r);
      g_autofree char *phone = ioc_sim_phone (r);
      char *space = strrchr (name, ' ');
      if (space != NULL)
        {
          *space = '\0';
          add_param (form, "last_name", name);     /* family (and middle) name */
          add_param (form, "first_name", space + 1);
        }
      add_param (form, "phone", phone);
      if (g_rand_double (r) < 0.3)
        {
          g_autofree char *email = g_strdup_printf ("nguoidan%u@example.vn", g_rand_int_range (r, 100, 99999));
          add_param (form, "email", email);
        }
    }
  if (g_rand_double (r) < 0.3)
    {
      g_autofree char *media = g_strdup_printf ("https://phananh.daklak.example.vn/media/%08x.jpg", g_rand_int (r));
      add_param (form, "media_url", media);
    }
  add_param (form, "device_id", "ioc-sim");

  {
    gsize len = form->len;
    g_autoptr(GBytes) body = g_bytes_new_take (g_string_free (g_steal_pointer (&form), FALSE), len);
    ioc_sim_post (sim, d, "/open311/v2/requests.json", "application/x-www-form-urlencoded; charset=utf-8",
                  body, 1, NULL, NULL);
  }
}

IocSimDriver ioc_sim_driver_open311 = {
  .name = "open311",
  .prepare = open311_prepare,
  .fire = open311_fire,
};
