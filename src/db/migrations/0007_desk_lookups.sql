CREATE TABLE `product_categories` (
	`code` text PRIMARY KEY NOT NULL,
	`parent_code` text,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
-- The seed taxonomy (the admin keeps the table from here): top-level groups, then their categories.
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food', NULL, '食品', 'Food', 10);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.dairy', 'food', '乳制品', 'Dairy products', 20);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.meat', 'food', '肉及肉制品', 'Meat and meat products', 30);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.grain', 'food', '粮油及制品', 'Grain and edible oil', 40);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.beverage', 'food', '饮料及酒类', 'Beverages and alcohol', 50);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.infant', 'food', '婴幼儿配方食品', 'Infant formula', 60);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.health', 'food', '保健食品', 'Health foods', 70);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('food.catering', 'food', '餐饮服务', 'Catering', 80);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('appliance', NULL, '家用电器', 'Household appliances', 90);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('appliance.kitchen', 'appliance', '厨房电器', 'Kitchen appliances', 100);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('appliance.heater', 'appliance', '热水器及取暖器', 'Water and space heaters', 110);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('appliance.ac', 'appliance', '空调及制冷器具', 'Air conditioners and refrigerators', 120);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('appliance.small', 'appliance', '小家电', 'Small appliances', 130);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('electronics', NULL, '电子电器产品', 'Electronics', 140);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('electronics.phone', 'electronics', '手机及通讯设备', 'Mobile phones and telecom equipment', 150);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('electronics.charger', 'electronics', '充电器及电池', 'Chargers and batteries', 160);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('electronics.computer', 'electronics', '电脑及配件', 'Computers and accessories', 170);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('electronics.wire', 'electronics', '电线电缆及插座', 'Cables, plugs and sockets', 180);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('vehicle', NULL, '机动车及配件', 'Vehicles and parts', 190);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('vehicle.car', 'vehicle', '汽车', 'Cars', 200);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('vehicle.ebike', 'vehicle', '电动自行车', 'Electric bicycles', 210);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('vehicle.parts', 'vehicle', '汽车配件及轮胎', 'Parts and tyres', 220);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('vehicle.helmet', 'vehicle', '头盔', 'Helmets', 230);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('children', NULL, '儿童用品', 'Children''s products', 240);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('children.toy', 'children', '玩具', 'Toys', 250);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('children.carseat', 'children', '儿童安全座椅及推车', 'Child seats and prams', 260);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('children.stationery', 'children', '学生用品', 'School supplies', 270);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('textile', NULL, '纺织服装鞋帽', 'Textiles, clothing and shoes', 280);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('textile.clothing', 'textile', '服装', 'Clothing', 290);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('textile.shoes', 'textile', '鞋类', 'Shoes', 300);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('textile.bedding', 'textile', '床上用品', 'Bedding', 310);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('home', NULL, '建材家居', 'Building materials and furniture', 320);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('home.furniture', 'home', '家具', 'Furniture', 330);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('home.decor', 'home', '装饰装修材料', 'Decoration materials', 340);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('home.sanitary', 'home', '卫浴及陶瓷', 'Sanitary ware and ceramics', 350);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('cosmetics', NULL, '化妆品及日化', 'Cosmetics and household chemicals', 360);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('cosmetics.skin', 'cosmetics', '护肤及彩妆', 'Skin care and make-up', 370);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('cosmetics.cleaning', 'cosmetics', '洗涤用品', 'Detergents', 380);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('special', NULL, '特种设备', 'Special equipment', 390);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('special.elevator', 'special', '电梯', 'Lifts and escalators', 400);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('special.boiler', 'special', '锅炉及压力容器', 'Boilers and pressure vessels', 410);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('special.gas', 'special', '气瓶及燃气器具', 'Gas cylinders and gas appliances', 420);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('special.amusement', 'special', '大型游乐设施', 'Amusement rides', 430);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('measure', NULL, '计量', 'Measurement', 440);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('measure.scale', 'measure', '衡器（短斤少两）', 'Scales (short weight)', 450);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('measure.fuel', 'measure', '加油机', 'Fuel dispensers', 460);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('measure.meter', 'measure', '水表电表燃气表', 'Water, power and gas meters', 470);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('agri', NULL, '农资', 'Agricultural inputs', 480);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('agri.fertilizer', 'agri', '化肥', 'Fertilisers', 490);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('agri.seed', 'agri', '种子', 'Seeds', 500);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('agri.pesticide', 'agri', '农药', 'Pesticides', 510);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('fuel', NULL, '成品油', 'Fuel', 520);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('certification', NULL, '认证认可', 'Certification (CCC and others)', 530);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('label', NULL, '标识标注（假冒伪劣）', 'Labelling, counterfeit goods', 540);--> statement-breakpoint
INSERT INTO `product_categories` (`code`, `parent_code`, `name_zh`, `name_en`, `sort`) VALUES ('other', NULL, '其他', 'Other', 550);
