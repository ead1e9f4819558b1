"""別添1 item codes the code refers to by name (the full closed list is app/db/sql/pia_annex1_items.tsv)."""

SOCIAL_INSURANCE = 139        # 社会保険料
NEW_GENERAL_LIFE = 150        # 新一般生命保険料
EARTHQUAKE = 149              # 地震保険料
MEDICAL_PAID = 136            # 医療費支払額
HOMETOWN_DONATION = 140       # 寄付金支払額(特別控除)
