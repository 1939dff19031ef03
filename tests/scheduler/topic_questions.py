"""A period's questions as an office gets them: eight matters asked eight ways each, with and
without diacritics, formal and colloquial, and a few questions of no matter at all. Matters
share frame words ("thủ tục", "lệ phí", "bao lâu") and some content words ("đăng ký", "giấy
phép", "cấp", "bản sao", "đất") so that a grouping that keys on them merges what it must not."""

MATTERS: dict[str, list[str]] = {
    "thuế sử dụng đất": [
        "Mức thu thuế sử dụng đất phi nông nghiệp năm nay là bao nhiêu?",
        "muc thu thue su dung dat phi nong nghiep la bao nhieu",
        "Ai phải nộp thuế sử dụng đất phi nông nghiệp?",
        "Hạn nộp thuế sử dụng đất phi nông nghiệp là khi nào?",
        "thue su dung dat phi nong nghiep nop o dau vay",
        "Đất ở có phải đóng thuế sử dụng đất không?",
        "Được miễn giảm thuế sử dụng đất phi nông nghiệp trong trường hợp nào?",
        "cach tinh thue su dung dat phi nong nghiep cho dat o",
    ],
    "hộ chiếu phổ thông": [
        "Thủ tục cấp hộ chiếu phổ thông lần đầu cần những gì?",
        "cap ho chieu pho thong mat bao lau",
        "Lệ phí cấp hộ chiếu phổ thông là bao nhiêu?",
        "Làm hộ chiếu phổ thông online được không?",
        "ho chieu pho thong het han thi cap lai the nao",
        "Trẻ em dưới 14 tuổi làm hộ chiếu phổ thông cần giấy tờ gì?",
        "Cấp lại hộ chiếu phổ thông bị mất ở đâu?",
        "lam ho chieu o dau ad oi",
    ],
    "đăng ký tạm trú": [
        "Thủ tục đăng ký tạm trú cần giấy tờ gì?",
        "dang ky tam tru online tren cong dich vu cong the nao",
        "Sinh viên thuê trọ có phải đăng ký tạm trú không?",
        "Đăng ký tạm trú mất bao lâu?",
        "đk tạm trú cho người thuê nhà thế nào",
        "Không đăng ký tạm trú bị phạt bao nhiêu tiền?",
        "Chủ nhà trọ có phải đăng ký tạm trú cho người thuê ko",
        "Hồ sơ đăng ký tạm trú gồm những gì?",
    ],
    "đăng ký khai sinh": [
        "Đăng ký khai sinh cho con cần giấy tờ gì?",
        "dang ky khai sinh qua han co bi phat khong",
        "Làm giấy khai sinh cho con ở đâu?",
        "Đăng ký khai sinh cho con ngoài giá thú thế nào?",
        "be sinh o benh vien thi dang ky khai sinh o dau a",
        "Đăng ký khai sinh cho bé sinh ở nước ngoài cần gì?",
        "dang ky khai sinh online duoc ko",
        "Thời hạn đăng ký khai sinh cho trẻ là bao nhiêu ngày?",
    ],
    "giấy phép xây dựng": [
        "Hồ sơ xin giấy phép xây dựng nhà ở riêng lẻ gồm gì?",
        "giay phep xay dung nha o mat bao lau",
        "Sửa nhà có cần xin giấy phép xây dựng không?",
        "Xây nhà không có giấy phép xây dựng bị phạt thế nào?",
        "Lệ phí cấp giấy phép xây dựng nhà ở là bao nhiêu?",
        "xin giay phep xay dung o nong thon co can khong",
        "Gia hạn giấy phép xây dựng ở đâu?",
        "Điều chỉnh giấy phép xây dựng cần giấy tờ gì?",
    ],
    "chứng thực bản sao": [
        "Chứng thực bản sao từ bản chính ở đâu?",
        "chung thuc ban sao mat phi bao nhieu",
        "Lệ phí chứng thực bản sao là bao nhiêu một trang?",
        "Chứng thực bản sao cần mang theo bản chính không?",
        "co the chung thuc ban sao o buu dien khong",
        "Bản sao chứng thực có giá trị trong bao lâu?",
        "Chứng thực bản sao giấy tờ tiếng nước ngoài được không?",
        "Chứng thực bản sao học bạ ở phường được không?",
    ],
    "trợ cấp thất nghiệp": [
        "Hồ sơ hưởng trợ cấp thất nghiệp gồm những gì?",
        "tro cap that nghiep duoc bao nhieu tien",
        "Nghỉ việc bao lâu thì được nhận trợ cấp thất nghiệp?",
        "Mức hưởng trợ cấp thất nghiệp tính thế nào?",
        "lam tro cap that nghiep o dau a",
        "Đang hưởng trợ cấp thất nghiệp mà có việc làm thì sao?",
        "Bị đuổi việc có được hưởng trợ cấp thất nghiệp không?",
        "Thời gian nộp hồ sơ trợ cấp thất nghiệp là bao lâu sau khi nghỉ việc?",
    ],
    "đổi giấy phép lái xe": [
        "Thủ tục đổi giấy phép lái xe hết hạn?",
        "doi giay phep lai xe o dau",
        "Đổi giấy phép lái xe online trên cổng dịch vụ công được không?",
        "Lệ phí đổi giấy phép lái xe là bao nhiêu?",
        "giay phep lai xe het han bao lau thi phai doi",
        "Mất giấy phép lái xe thì cấp lại thế nào?",
        "Đổi giấy phép lái xe máy có mất phí không?",
        "doi giay phep lai xe can giay to gi",
    ],
}

NEAR_MATTERS = [
    "gia han tam tru o dau",
    "Xin trích lục khai sinh ở đâu?",
    "Lệ phí đăng ký thường trú là bao nhiêu?",
    "Cấp lại thẻ bảo hiểm y tế bị mất ở đâu?",
]
"""Other procedures, each asked once, that share words or frames with a matter above (gia hạn
tạm trú, trích lục khai sinh and thường trú are procedures of their own): each is a topic."""

NO_MATTER = [
    "Giá vàng hôm nay bao nhiêu?",
    "Cách nấu phở bò ngon nhất là gì?",
    "thoi tiet ha noi ngay mai the nao",
    "Lịch nghỉ Tết Nguyên đán năm nay thế nào?",
]
"""Questions of no office matter, sharing none with any other: each is a topic of its own."""
