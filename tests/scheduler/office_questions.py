"""Questions as an office asks them, with and without diacritics: for the grouping rule and for
digests of a period that holds many questions."""

OFFICE_QUESTIONS = [
    "Thủ tục đăng ký tạm trú cần giấy tờ gì?",
    "thu tuc dang ky tam tru can giay to gi",
    "Lệ phí đăng ký tạm trú là bao nhiêu?",
    "Lệ phí đăng ký thường trú",
    "Thời hạn giải quyết đăng ký thường trú mấy ngày?",
    "Đăng ký khai sinh cho con cần giấy tờ gì?",
    "dang ky khai sinh qua han co bi phat khong",
    "Làm giấy khai sinh cho con ở đâu?",
    "Đăng ký kết hôn cần những giấy tờ gì?",
    "dang ky ket hon voi nguoi nuoc ngoai",
    "Hồ sơ xin giấy phép xây dựng nhà ở riêng lẻ gồm gì?",
    "giay phep xay dung nha o mat bao lau",
    "Sửa nhà có cần xin giấy phép xây dựng không?",
    "Chế độ nghỉ phép năm của công chức bao nhiêu ngày?",
    "nghi phep nam cong chuc",
    "Mức phạt không khai báo tạm trú cho người nước ngoài",
    "Khai báo tạm trú cho khách nước ngoài trong bao lâu?",
    "Giá vàng hôm nay bao nhiêu?",
    "Cách nấu phở bò ngon nhất là gì?",
    "thoi tiet ha noi ngay mai the nao",
]
